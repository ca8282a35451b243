import { describe, expect, it } from 'vitest';
import type { Beat } from '../../../device/signal/beat.js';
import { acceptedIntervals, heartRateStats } from '../../../device/signal/heart-rate.js';

function beatsFrom(intervals: number[], shapes: number[] = []): Beat[] {
  let t = 0;
  const beats: Beat[] = [{ t, amplitude: 1, shape: Number.NaN, ibiMs: Number.NaN }];
  intervals.forEach((ms, i) => {
    t += ms;
    beats.push({ t, amplitude: 1, shape: shapes[i] ?? 0.99, ibiMs: ms });
  });
  return beats;
}

describe('accepted intervals and heart-rate statistics', () => {
  it('computes rate, RMSSD and SDNN from adjacent accepted intervals', () => {
    const stats = heartRateStats(acceptedIntervals(beatsFrom([1000, 1100, 1000, 1100, 1000])));
    expect(stats.bpm).toBeCloseTo(60, 6);
    expect(stats.rmssdMs).toBeCloseTo(100, 6);
    // Mean 1040 ms: deviations −40, 60, −40, 60, −40 → sample variance 12 000 / 4.
    expect(stats.sdnnMs).toBeCloseTo(Math.sqrt(3000), 6);
    expect(stats.intervals).toBe(5);
  });

  it('leaves out an ectopic pair, implausible intervals and intervals of artifact pulses', () => {
    const beats = beatsFrom(
      [800, 810, 500, 1120, 805, 795, 2500, 790, 800, 810],
      [0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.99, 0.2, 0.99],
    );
    const ms = acceptedIntervals(beats).map((i) => i.ms);
    expect(ms).toEqual([800, 810, 805, 795, 790]);
    // RMSSD uses only pairs of adjacent accepted intervals: 800→810, 805→795.
    expect(heartRateStats(acceptedIntervals(beats)).rmssdMs).toBeCloseTo(10, 6);
  });

  it('is null with too few beats', () => {
    expect(heartRateStats(acceptedIntervals(beatsFrom([900])))).toEqual({
      bpm: null,
      rmssdMs: null,
      sdnnMs: null,
      intervals: 1,
    });
  });
});
