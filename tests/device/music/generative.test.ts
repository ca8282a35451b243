import { describe, expect, it } from 'vitest';
import { MusicEngine } from '../../../device/music/engine.js';
import { SAMPLE_RATE } from '../../../device/music/format.js';
import { GenerativeSource } from '../../../device/music/generative/generative-source.js';
import { type PresetName, presets } from '../../../device/music/generative/presets.js';
import { Voice } from '../../../device/music/generative/voice.js';
import { makeWavetable } from '../../../device/music/generative/wavetable.js';
import { measureLoudness } from '../../../device/music/loudness.js';
import { PROGRAMME_LUFS } from '../../../device/music/source.js';
import { samplePeak } from '../../../device/music/true-peak.js';
import { collect, maxStep, toDb } from '../../fakes/signals.js';

/** The source as it comes out of the chain at unity gain (0 dBFS ↔ 60 dB(A), volume 60). */
function renderAtUnity(preset: PresetName, seed: number | string, seconds: number, glide?: [number, number]) {
  const engine = new MusicEngine({
    calibration: { dbaAt0Dbfs: 60, capDba: 60 },
    tempoBpm: glide?.[0] ?? 66,
    maxRiseDbPerS: Number.POSITIVE_INFINITY,
  });
  const source = GenerativeSource.fromPreset(preset, seed);
  engine.setSource(source);
  engine.setVolume(60, 0);
  if (glide) engine.setTempo(glide[1], seconds * 1000);
  return { engine, source, audio: collect((n) => engine.render(n), seconds * SAMPLE_RATE) };
}

/**
 * Bernstein's inequality: a signal band-limited to F with peak P cannot move more than
 * 2πF·P/fs between samples. Everything here stays under 6 kHz, so a larger step is a click.
 */
function clickBound(peak: number): number {
  return (2 * Math.PI * 6000 * peak) / SAMPLE_RATE;
}

describe('generative engine', () => {
  it('renders the same samples for the same seed, and different music for another seed', () => {
    const a = renderAtUnity('warm', 7, 5).audio;
    const b = renderAtUnity('warm', 7, 5).audio;
    const c = renderAtUnity('warm', 8, 5).audio;
    expect(Buffer.from(a.left.buffer).equals(Buffer.from(b.left.buffer))).toBe(true);
    expect(Buffer.from(a.right.buffer).equals(Buffer.from(b.right.buffer))).toBe(true);
    expect(Buffer.from(a.left.buffer).equals(Buffer.from(c.left.buffer))).toBe(false);
  });

  for (const name of Object.keys(presets) as PresetName[]) {
    it(`preset "${name}": programme loudness, headroom, no DC, no clicks`, () => {
      const { audio, engine } = renderAtUnity(name, 3, 90);
      const loudness = measureLoudness(audio);
      expect(Math.abs(loudness.integratedLufs - PROGRAMME_LUFS)).toBeLessThan(2);
      const peak = samplePeak(audio);
      expect(toDb(peak)).toBeLessThan(-1);
      expect(engine.limiterReductionDb).toBe(0);
      for (const x of [audio.left, audio.right]) {
        const mean = x.reduce((s, v) => s + v, 0) / x.length;
        expect(Math.abs(mean)).toBeLessThan(1e-3);
      }
      expect(maxStep(audio)).toBeLessThan(clickBound(peak));
    });
  }

  it('a steep tempo glide adds no click, and the beat clock follows the glide', () => {
    // 80 → 40 BPM over 30 s: the mean tempo is 60, so 30 beats (± the one in progress).
    const { audio, engine, source } = renderAtUnity('deep', 5, 30, [80, 40]);
    expect(maxStep(audio)).toBeLessThan(clickBound(samplePeak(audio)));
    expect(engine.snapshot().tempoBpm).toBe(40);
    expect(Math.abs((source.describe().beats as number) - 30)).toBeLessThanOrEqual(1);
  });

  it('notes start and end at zero: no step at a note boundary', () => {
    const voice = new Voice({
      table: makeWavetable([1, 0.5, 0.25]),
      frequencyHz: 440,
      sampleRate: 24_000,
      level: 1,
      detuneCents: 7,
      pan: 0,
      spread: 0.5,
      attackFrames: 240,
      holdFrames: 480,
      decayS: 0.05,
      releaseFrames: 240,
      phaseA: 0.25,
      phaseB: 0.25,
    });
    const left = new Float32Array(2400);
    const right = new Float32Array(2400);
    voice.render(left, right, 0, 2400);
    expect(voice.done).toBe(true);
    expect(Math.abs(left[0] as number)).toBe(0);
    const last = left.findLastIndex((v) => v !== 0);
    // The release ends on its last linear step: at most level / releaseFrames from zero.
    expect(Math.abs(left[last] as number)).toBeLessThan(1 / 240);
    expect(left.subarray(last + 1).every((v) => v === 0)).toBe(true);
  });
});
