import { describe, expect, it } from 'vitest';
import { analyzePpg } from '../../../device/signal/analyze.js';
import { median } from '../../../device/signal/stats.js';
import { inside, matchBeats, simulateRecording, trueBpm } from '../../fixtures/ppg.js';

describe('analyzePpg on a clean simulated recording', () => {
  const rec = simulateRecording(180, { rateHz: 100, noise: 0.01, wander: 0.2 });
  const a = analyzePpg(rec);

  it('gives the heart rate of every 8-s window within 1 BPM, with full quality', () => {
    expect(a.windows.length).toBe(87);
    for (const w of a.windows) {
      expect(w.bpm).not.toBeNull();
      expect(Math.abs((w.bpm as number) - trueBpm(rec.truth, w.start, w.end))).toBeLessThanOrEqual(1);
      expect(w.quality).toBeGreaterThan(0.9);
    }
  });

  it('gives the overall rate and HRV of the true intervals', () => {
    const intervals = rec.truth.slice(1).map((t, i) => t - (rec.truth[i] as number));
    const rmssd = Math.sqrt(
      intervals.slice(1).reduce((s, v, i) => s + (v - (intervals[i] as number)) ** 2, 0) /
        (intervals.length - 1),
    );
    expect(Math.abs((a.bpm as number) - 60_000 / median(intervals))).toBeLessThan(1);
    expect(Math.abs((a.rmssdMs as number) - rmssd)).toBeLessThan(0.15 * rmssd);
    expect(a.sdnnMs).toBeGreaterThan(0);
  });
});

describe('analyzePpg under bedside-sensor conditions (10-bit ADC, wander, noise, motion, finger-off)', () => {
  const motion = [
    { start: 30_000, end: 36_000 },
    { start: 70_000, end: 73_000 },
  ];
  const dropouts = [
    { start: 45_000, end: 52_000, reads: 'saturated' as const },
    { start: 85_000, end: 90_000, reads: 'flat' as const },
  ];
  const disturbed = [...motion, ...dropouts];

  describe.each([50, 100])('at %i Hz', (rateHz) => {
    const rec = simulateRecording(120, {
      rateHz,
      amplitude: 60,
      noise: 0.03,
      wander: 0.6,
      adc: { bits: 10, restingCode: 480 },
      motion,
      dropouts,
      jitterMs: 2,
    });
    const a = analyzePpg(rec);
    const m = matchBeats(a.beats, rec.truth);

    it('finds the beats of the undisturbed stretches', () => {
      const expected = rec.truth.filter((t) => !inside(t, disturbed, 3000));
      expect(m.missed.filter((t) => expected.includes(t)).length).toBeLessThanOrEqual(1);
    });

    it('marks motion and finger-off with low quality instead of false beats', () => {
      expect(m.falseBeats).toEqual([]);
      for (const w of a.windows) {
        const touched = disturbed.some((d) => d.start < w.end && d.end > w.start);
        if (touched && disturbed.some((d) => d.start >= w.start && d.end <= w.end)) {
          expect(w.quality).toBeLessThan(0.5);
        }
        if (!disturbed.some((d) => d.start < w.end + 3000 && d.end + 3000 > w.start)) {
          expect(w.quality).toBeGreaterThan(0.8);
        }
      }
    });
  });
});

describe('analyzePpg without a pulse', () => {
  it.each([
    ['flat', 0],
    ['saturated', 1023],
  ])('a %s recording has no beats, null rates and quality 0', (_name, level) => {
    const t = Float64Array.from({ length: 2000 }, (_, i) => i * 10);
    const a = analyzePpg({ t, value: new Float64Array(2000).fill(level), rateHz: 100 });
    expect(a.beats).toEqual([]);
    expect(a.bpm).toBeNull();
    expect(a.rmssdMs).toBeNull();
    expect(a.sdnnMs).toBeNull();
    expect(a.windows.map((w) => w.quality)).toEqual(Array(a.windows.length).fill(0));
    expect(a.windows.every((w) => w.bpm === null)).toBe(true);
  });

  it('makes one window of a recording shorter than 8 s', () => {
    const rec = simulateRecording(5, { rateHz: 100 });
    const a = analyzePpg(rec);
    expect(a.windows).toHaveLength(1);
    expect(a.windows[0]).toMatchObject({ start: 0, end: 5000 });
  });
});
