import { describe, expect, it } from 'vitest';
import { addToBaseline, decideBaseline, emptyBaseline, median } from '../../../device/program/baseline.js';
import {
  currentTrend,
  emptyHeart,
  isTrusted,
  latestEstimate,
  observeHeart,
  trendSettled,
} from '../../../device/program/heart.js';

const TAU = 60_000;
const feed = (bpms: (number | null)[], everyMs = 2000, quality = 0.9) =>
  bpms.reduce((h, bpm, i) => observeHeart(h, i * everyMs, bpm, quality, 0.5, TAU), emptyHeart);

describe('heart-rate estimates', () => {
  it.each([
    [62, 0.9, true],
    [62, 0.49, false],
    [null, 1, false],
    [29, 1, false],
    [201, 1, false],
    [Number.NaN, 1, false],
    [Number.POSITIVE_INFINITY, 1, false],
  ])('trusts %s BPM at quality %s: %s', (bpm, quality, trusted) => {
    expect(isTrusted(bpm, quality, 0.5)).toBe(trusted);
  });

  it('smooths the trusted heart rate with the time constant and ignores the rest', () => {
    const steady = feed(Array(60).fill(70));
    expect(steady.trend).toBeCloseTo(70, 6);
    // A step to 60 moves the trend 1 − e^(−1) of the way in one time constant, once the median
    // of the last three estimates has taken the step (one estimate, 2 s, later).
    const stepped = [...Array(60).fill(70), ...Array(30).fill(60)];
    expect(feed(stepped).trend).toBeCloseTo(70 - 10 * (1 - Math.exp(-58 / 60)), 2);
    // Untrusted estimates leave the trend alone.
    const noisy = feed([...Array(60).fill(70), 20, null, 250]);
    expect(noisy.trend).toBeCloseTo(70, 6);
    expect(noisy.lastTrusted).toBe(false);
  });

  it("is not thrown by one odd estimate (an irregular rhythm's window of missed or short beats)", () => {
    const steady = feed(Array(60).fill(70));
    for (const odd of [40, 120]) {
      const h = feed([...Array(60).fill(70), odd, 70, 70]);
      expect(h.trend).toBeCloseTo(steady.trend as number, 6);
    }
    // Two in a row are a change, not an accident: the trend starts to follow.
    expect(feed([...Array(60).fill(70), 40, 40]).trend).toBeLessThan(69.5);
  });

  it('loses the trend after 30 s without a trusted estimate, and restarts it fresh', () => {
    const h = feed([...Array(10).fill(70), ...Array(16).fill(null)]);
    expect(currentTrend(h, 18_000)).toBe(70);
    expect(currentTrend(h, 18_000 + 30_000)).toBeNull();
    const back = observeHeart(h, 60_000, 58, 0.9, 0.5, TAU);
    expect(back.trend).toBe(58);
    expect(trendSettled(back, 60_000, TAU)).toBe(false);
    expect(trendSettled(back, 60_000 + TAU, TAU)).toBe(false); // lost again by then
  });

  it('shows the latest estimate in samples only while it is fresh', () => {
    const h = observeHeart(emptyHeart, 0, 64.4, 0.8, 0.5, TAU);
    expect(latestEstimate(h, 5000)).toEqual({ bpm: 64.4, quality: 0.8 });
    expect(latestEstimate(h, 11_000)).toEqual({ bpm: null, quality: 0 });
    const weak = observeHeart(h, 12_000, 64, 0.2, 0.5, TAU);
    expect(latestEstimate(weak, 12_000)).toEqual({ bpm: null, quality: 0.2 });
  });
});

describe('the baseline', () => {
  it('is tonight’s median when the pulse covered enough of the window', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    let b = emptyBaseline(null);
    for (const v of [70, 71, 69, 90, 70]) b = addToBaseline(b, v, 30_000);
    expect(decideBaseline(b, 180_000, 0.5)).toMatchObject({ sessionBpm: 70, bpm: 70, decided: true });
  });

  it('blends with the stored baseline by weight, or falls back to it', () => {
    let b = emptyBaseline(60);
    for (const v of [70, 70, 70]) b = addToBaseline(b, v, 30_000);
    expect(decideBaseline(b, 180_000, 0.5).bpm).toBe(65);
    expect(decideBaseline(b, 180_000, 1).bpm).toBe(70);
    expect(decideBaseline(b, 180_000, 0).bpm).toBe(60);
    const sparse = addToBaseline(addToBaseline(emptyBaseline(60), 70, 2000), 70, 2000);
    expect(decideBaseline(sparse, 180_000, 0.5)).toMatchObject({ sessionBpm: null, bpm: 60 });
    expect(decideBaseline(emptyBaseline(null), 180_000, 0.5).bpm).toBeNull();
  });
});
