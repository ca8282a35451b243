import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MusicEngine } from '../../../device/music/engine.js';
import { SAMPLE_RATE } from '../../../device/music/format.js';
import { measureLoudness } from '../../../device/music/loudness.js';
import { decodeFile } from '../../../device/music/playlist/decode.js';
import { PlaylistSource } from '../../../device/music/playlist/playlist-source.js';
import { workerPreparer } from '../../../device/music/playlist/preparer.js';
import { resample } from '../../../device/music/playlist/resample.js';
import { estimateTempo } from '../../../device/music/playlist/tempo-estimate.js';
import { prepareTrack, readTrackInfo } from '../../../device/music/playlist/track.js';
import { PROGRAMME_LUFS } from '../../../device/music/source.js';
import { samplePeak, truePeak } from '../../../device/music/true-peak.js';
import { type AudioFixtures, makeAudioFixtures } from '../../fakes/audio-fixtures.js';
import { collect, maxStep, toDb } from '../../fakes/signals.js';

let fx: AudioFixtures;
beforeAll(() => {
  fx = makeAudioFixtures();
});

/** Renders a playlist through the chain, letting background decoding finish between blocks. */
async function play(engine: MusicEngine, source: PlaylistSource, seconds: number) {
  const blocks = [];
  for (let s = 0; s < seconds; s++) {
    await source.ready();
    blocks.push(collect((n) => engine.render(n), SAMPLE_RATE));
  }
  const left = new Float32Array(seconds * SAMPLE_RATE);
  const right = new Float32Array(seconds * SAMPLE_RATE);
  blocks.forEach((b, i) => {
    left.set(b.left, i * SAMPLE_RATE);
    right.set(b.right, i * SAMPLE_RATE);
  });
  return { left, right };
}

describe('decoders', () => {
  for (const format of ['wav', 'flac', 'ogg', 'mp3'] as const) {
    it(`decodes ${format}`, async () => {
      const decoded = await decodeFile(fx[format]);
      expect(decoded.sampleRate).toBe(44_100);
      expect(decoded.channels).toHaveLength(2);
      const frames = decoded.channels[0]?.length ?? 0;
      expect(frames).toBeGreaterThan(2.9 * 44_100);
      expect(frames).toBeLessThan(3.1 * 44_100);
      const middle = decoded.channels[0]?.subarray(44_100, 88_200) ?? new Float32Array();
      expect(toDb(Math.max(...middle.map(Math.abs)))).toBeCloseTo(-6, 0);
    });
  }

  it('decodes 24-bit, float and 8-bit WAV layouts', async () => {
    for (const layout of fx.wavLayouts) {
      const decoded = await decodeFile(layout.path);
      expect(decoded).toMatchObject({ sampleRate: layout.rate });
      expect(decoded.channels).toHaveLength(layout.channels);
      const middle = decoded.channels[0]?.subarray(layout.rate, 2 * layout.rate) ?? new Float32Array();
      expect(Math.abs(toDb(Math.max(...middle.map(Math.abs))) + 6)).toBeLessThan(0.3);
    }
  });

  it('refuses a corrupt file and an unsupported one with their codes', async () => {
    await expect(decodeFile(fx.corrupt)).rejects.toMatchObject({ code: 'E_AUDIO_FILE_CORRUPT' });
    await expect(decodeFile(fx.unsupported)).rejects.toMatchObject({ code: 'E_AUDIO_FILE_UNSUPPORTED' });
  });
});

describe('track tempo', () => {
  it('reads the BPM tag of FLAC, Ogg Vorbis and MP3 files', async () => {
    expect((await readTrackInfo(fx.flac)).bpm).toBe(fx.bpmTags.flac);
    expect((await readTrackInfo(fx.ogg)).bpm).toBe(fx.bpmTags.ogg);
    expect(await readTrackInfo(fx.mp3)).toMatchObject({ bpm: fx.bpmTags.mp3, bpmSource: 'tag' });
    expect(await readTrackInfo(fx.wav)).toMatchObject({ bpm: null, bpmSource: null });
  });

  it('estimates the tempo of an untagged file', async () => {
    const track = await prepareTrack(await readTrackInfo(fx.clicks66));
    expect(track.info.bpmSource).toBe('estimate');
    expect(Math.abs((track.info.bpm ?? 0) - 66)).toBeLessThan(1.5);
  });

  it('finds no steady pulse in a steady tone', () => {
    const tone = new Float32Array(10 * SAMPLE_RATE).map((_, i) => 0.3 * Math.sin(i / 10));
    const estimate = estimateTempo(tone, SAMPLE_RATE);
    expect(estimate === undefined || estimate.confidence < 0.2).toBe(true);
  });
});

describe('track preparation in a worker thread', () => {
  it('prepares tracks off the main thread and reports a bad file with its code', async () => {
    // The compiled worker (npm test builds first); from sources the preparer would fall back.
    const preparer = workerPreparer(join(process.cwd(), 'dist/device/music/playlist/prepare-worker.js'));
    try {
      const track = await preparer.prepare(await readTrackInfo(fx.flac));
      expect(track.left.length).toBe(3 * SAMPLE_RATE);
      expect(track.info.bpm).toBe(fx.bpmTags.flac);
      expect(measureLoudness(track).integratedLufs).toBeCloseTo(PROGRAMME_LUFS, 0);
      const corrupt = { path: fx.corrupt, title: 'corrupt', bpm: 60, bpmSource: 'tag' as const };
      await expect(preparer.prepare(corrupt)).rejects.toMatchObject({ code: 'E_AUDIO_FILE_CORRUPT' });
    } finally {
      await preparer.close();
    }
  });
});

describe('resample', () => {
  it('keeps a 1 kHz tone at 1 kHz and at its level, 44.1 → 48 kHz', () => {
    const input = new Float32Array(44_100).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 44_100));
    const out = resample(input, 44_100, 48_000);
    expect(out.length).toBe(48_000);
    let crossings = 0;
    for (let i = 1000; i < 47_000; i++)
      if ((out[i - 1] as number) < 0 && (out[i] as number) >= 0) crossings++;
    expect(crossings).toBeGreaterThanOrEqual(958);
    expect(crossings).toBeLessThanOrEqual(959);
    expect(Math.max(...out.subarray(1000, 47_000))).toBeCloseTo(0.5, 2);
  });
});

describe('PlaylistSource', () => {
  it('skips a corrupt and an unsupported file with a clear message, and plays the rest in tempo order', async () => {
    const source = await PlaylistSource.open([fx.corrupt, fx.ogg, fx.unsupported, fx.flac, fx.mp3], {
      order: 'tempo',
      loop: false,
      startBpm: 60,
    });
    expect(source.skipped.map((s) => s.code).sort()).toEqual([
      'E_AUDIO_FILE_CORRUPT',
      'E_AUDIO_FILE_UNSUPPORTED',
    ]);
    expect(source.skipped.find((s) => s.path === fx.corrupt)?.message).toContain(fx.corrupt);
    const engine = new MusicEngine({
      calibration: { dbaAt0Dbfs: 60, capDba: 60 },
      tempoBpm: 60,
      maxRiseDbPerS: Number.POSITIVE_INFINITY,
    });
    engine.setSource(source);
    engine.setVolume(60, 0);
    const audio = await play(engine, source, 11);
    // Target 60 BPM: the 64 BPM track first, then 68, then 72.
    expect(source.describe().played).toEqual([fx.flac, fx.mp3, fx.ogg]);
    expect(source.finished).toBe(true);
    // Every track normalised to the programme loudness, and no clicks at the track boundaries.
    const first = {
      left: audio.left.subarray(24_000, 120_000),
      right: audio.right.subarray(24_000, 120_000),
    };
    expect(measureLoudness(first).integratedLufs).toBeCloseTo(PROGRAMME_LUFS, 0);
    expect(maxStep(audio)).toBeLessThan((2 * Math.PI * 1000 * samplePeak(audio)) / SAMPLE_RATE);
    // After the last track: silence.
    expect(
      samplePeak({ left: audio.left.subarray(-SAMPLE_RATE), right: audio.right.subarray(-SAMPLE_RATE) }),
    ).toBe(0);
  });

  it('a file mastered loud is normalised, and the output still never passes the cap', async () => {
    const source = await PlaylistSource.open([fx.loud], { order: 'given', loop: true });
    // Default calibration: cap 55 dB(A) = −30 dBFS.
    const engine = new MusicEngine({ maxRiseDbPerS: Number.POSITIVE_INFINITY });
    engine.setSource(source);
    engine.setVolume(80, 0); // asks for more than the cap
    expect(engine.snapshot().targetVolumeDba).toBe(55);
    const audio = await play(engine, source, 6);
    expect(toDb(samplePeak(audio))).toBeLessThanOrEqual(-30);
    expect(toDb(truePeak(audio))).toBeLessThanOrEqual(-30 + 0.05);
    expect(measureLoudness(audio).maxShortTermLufs).toBeLessThanOrEqual(-30);
  });
});
