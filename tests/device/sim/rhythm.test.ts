import { describe, expect, it } from 'vitest';
import { RhythmModel } from '../../../device/sim/rhythm.js';
import { Random } from '../../../shared/random.js';
import { simulateRecording } from '../../fixtures/ppg.js';

function draw(model: RhythmModel, sinusMs: number, n: number) {
  return Array.from({ length: n }, () => model.next(sinusMs));
}

const cv = (v: number[]) => {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)) / mean;
};

describe('simulated rhythms', () => {
  it('AF: lognormal intervals with CV ≈ 25 % within 0.33–2 s, pulses following the filling time, some missing', () => {
    const beats = draw(new RhythmModel({ af: { cv: 0.25 } }, new Random('af')), 800, 5000);
    const rr = beats.map((b) => b.rr);
    expect(cv(rr)).toBeGreaterThan(0.22);
    expect(cv(rr)).toBeLessThan(0.28);
    expect(Math.min(...rr)).toBeGreaterThanOrEqual(330);
    expect(Math.max(...rr)).toBeLessThanOrEqual(2000);
    // Each pulse is as large as the interval before it allows: a third after the shortest.
    const sizes = beats.slice(1).map((b, i) => ({ after: (beats[i] as { rr: number }).rr, scale: b.scale }));
    const shown = sizes.filter((s) => s.scale > 0);
    expect(Math.min(...shown.map((s) => s.scale))).toBeCloseTo(1 / 3, 2);
    const afterShort = shown.filter((s) => s.after < 500).map((s) => s.scale);
    const afterLong = shown.filter((s) => s.after > 1000).map((s) => s.scale);
    expect(Math.max(...afterShort)).toBeLessThan(Math.min(...afterLong));
    // Some beats after the shortest intervals eject no pulse at all (the pulse deficit).
    const missing = sizes.filter((s) => s.scale === 0);
    expect(missing.length).toBeGreaterThan(2);
    expect(missing.every((s) => s.after < 420)).toBe(true);
  });

  it('ectopic runs: premature beats alone, in couplets and triplets, each run followed by a pause', () => {
    const beats = draw(new RhythmModel({ ectopicRate: 0.1, ectopicRun: 3 }, new Random('ect')), 800, 4000);
    const runs = new Map<number, number>();
    let run = 0;
    for (const b of beats) {
      if (b.scale < 1) run++;
      else if (run > 0) {
        runs.set(run, (runs.get(run) ?? 0) + 1);
        run = 0;
      }
    }
    expect([...runs.keys()].sort()).toEqual([1, 2, 3]);
    expect(beats.filter((b) => b.rr > 1.2 * 800 * 1.1).length).toBeGreaterThan(0);
  });

  it('a sudden rate step: the rate jumps at the given time', () => {
    const rec = simulateRecording(120, { rateHz: 100, rateStep: { at: 60_000, bpm: 30 } });
    const rate = (from: number, to: number) => {
      const beats = rec.truth.filter((t) => t >= from && t < to);
      return (60_000 * (beats.length - 1)) / ((beats.at(-1) as number) - (beats[0] as number));
    };
    expect(rate(62_000, 120_000) - rate(0, 58_000)).toBeGreaterThan(25);
  });

  it('AF through the whole PPG: the true pulses keep the scatter and the refractory limit', () => {
    const rec = simulateRecording(120, { rateHz: 100, af: { cv: 0.25 } });
    const rr = rec.truth.slice(1).map((t, i) => t - (rec.truth[i] as number));
    expect(cv(rr)).toBeGreaterThan(0.2);
    expect(Math.min(...rr)).toBeGreaterThan(300);
  });
});
