import { describe, expect, it } from 'vitest';
import { stereoBlock } from '../../../device/music/format.js';
import { measureLoudness } from '../../../device/music/loudness.js';
import { truePeak } from '../../../device/music/true-peak.js';
import { sine, toDb } from '../../fakes/signals.js';

describe('loudness (BS.1770)', () => {
  it('reads a 1 kHz stereo sine at −20 dBFS as −20 LUFS (the standard calibration point)', () => {
    const report = measureLoudness(sine(997, 10, 0.1));
    expect(report.integratedLufs).toBeCloseTo(-20, 1);
    expect(report.maxShortTermLufs).toBeCloseTo(-20, 1);
    expect(report.maxMomentaryLufs).toBeCloseTo(-20, 1);
  });

  it('gates silence out and reports −Infinity for digital silence', () => {
    expect(measureLoudness(stereoBlock(48_000 * 5)).integratedLufs).toBe(Number.NEGATIVE_INFINITY);
    const half = sine(997, 10, 0.1);
    half.left.fill(0, 0, 240_000);
    half.right.fill(0, 0, 240_000);
    // Blocks straddling the edge pass the relative gate and pull it down a little, as specified.
    expect(measureLoudness(half).integratedLufs).toBeGreaterThan(-20.3);
    expect(measureLoudness(half).integratedLufs).toBeLessThan(-19.9);
  });

  it('finds the inter-sample peak of a sine sampled off its crest', () => {
    // fs/4 sine with a 45° phase: every sample sits at 0.707 of the true peak.
    const block = stereoBlock(4800);
    for (let i = 0; i < 4800; i++) {
      const v = 0.5 * Math.sin((Math.PI / 2) * i + Math.PI / 4);
      block.left[i] = v;
      block.right[i] = v;
    }
    expect(toDb(truePeak(block))).toBeCloseTo(toDb(0.5), 0);
  });
});
