import { describe, expect, it } from 'vitest';
import { isIrregular, MIN_RHYTHM_INTERVALS, rhythmIndices } from '../../../device/signal/rhythm.js';

/** Hand-built interval series (ms), the cases a rhythm rule must tell apart. */
const regular = [800, 810, 795, 805, 800, 790, 805, 800, 810, 795];
/** Irregularly irregular, as in atrial fibrillation: CV ≈ 25 %, no pattern. */
const afLike = [620, 980, 710, 1150, 540, 860, 1020, 600, 930, 700];
/** Sinus rhythm with one premature beat and its compensatory pause. */
const oneEctopic = [800, 805, 795, 520, 1080, 800, 810, 800, 795, 805];
/** Every other beat premature: regularly irregular. */
const bigeminy = [520, 1080, 525, 1075, 520, 1085, 515, 1080, 520, 1080];
/** A sudden change of rate (an arousal): regular before and after. */
const rateStep = [1000, 1005, 995, 1000, 1002, 667, 670, 665, 668, 667];

describe('rhythm rule (normalised RMSSD after trimming, and the spread of successive differences)', () => {
  it('a regular rhythm is not irregular', () => {
    const r = rhythmIndices(regular);
    expect(r?.irregular).toBe(false);
    expect(r?.nrmssd).toBeLessThan(0.03);
  });

  it('an AF-like rhythm is irregular, on both indices', () => {
    const r = rhythmIndices(afLike);
    expect(r?.irregular).toBe(true);
    expect(r?.nrmssd).toBeGreaterThan(0.3);
    expect(r?.spread).toBeGreaterThan(0.2);
  });

  it('one ectopic beat with its pause is trimmed away: not irregular', () => {
    expect(isIrregular(oneEctopic)).toBe(false);
    // Without the trimming the same beat would count: the untrimmed RMSSD is large.
    const diffs = oneEctopic.slice(1).map((v, i) => v - (oneEctopic[i] as number));
    const rmssd = Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length);
    expect(rmssd / 800).toBeGreaterThan(0.1);
  });

  it('bigeminy is an irregular pulse (regularly irregular, but no sinus rhythm to take HRV from)', () => {
    expect(isIrregular(bigeminy)).toBe(true);
  });

  it('a single step of the rate is not irregular: the scatter is not everywhere', () => {
    const r = rhythmIndices(rateStep);
    expect(r?.nrmssd).toBeGreaterThan(0.1);
    expect(r?.spread).toBeLessThan(0.02);
    expect(r?.irregular).toBe(false);
  });

  it('too few intervals are not judged', () => {
    expect(isIrregular(afLike.slice(0, MIN_RHYTHM_INTERVALS - 1))).toBeNull();
    expect(isIrregular(afLike.slice(0, MIN_RHYTHM_INTERVALS))).not.toBeNull();
  });
});
