import { describe, expect, it } from 'vitest';
import { SAMPLE_RATE, stereoBlock } from '../../../device/music/format.js';
import { ROUNDING_HEADROOM_DB, TruePeakLimiter } from '../../../device/music/limiter.js';
import { samplePeak, truePeak } from '../../../device/music/true-peak.js';
import { collect, maxStep, sine, toDb } from '../../fakes/signals.js';

function through(limiter: TruePeakLimiter, input: { left: Float32Array; right: Float32Array }) {
  let at = 0;
  return collect(
    (n) => {
      const block = { left: input.left.slice(at, at + n), right: input.right.slice(at, at + n) };
      at += n;
      limiter.process(block, n);
      return block;
    },
    input.left.length,
    1000,
  );
}

describe('TruePeakLimiter', () => {
  it('holds a signal 40 dB over the cap under it, in samples and between them', () => {
    const cap = -30;
    // A near-Nyquist sine (inter-sample peaks) plus a square wave: the worst a file can do.
    const input = sine(11_025.5, 1, 1);
    for (let i = 0; i < input.left.length; i++) {
      const square = Math.sign(Math.sin((2 * Math.PI * 220 * i) / SAMPLE_RATE));
      input.left[i] = 0.5 * (input.left[i] as number) + 0.5 * square;
    }
    const limiter = new TruePeakLimiter(cap);
    const out = through(limiter, input);
    expect(toDb(samplePeak(out))).toBeLessThanOrEqual(cap - ROUNDING_HEADROOM_DB + 1e-6);
    expect(toDb(truePeak(out))).toBeLessThanOrEqual(cap + 0.05);
    expect(limiter.maxReductionDb).toBeLessThan(-25);
  });

  it('leaves a signal under the ceiling untouched, only delayed', () => {
    const input = sine(440, 0.5, 0.01); // −40 dBFS under a −30 dBFS cap
    const out = through(new TruePeakLimiter(-30), input);
    const d = TruePeakLimiter.latency;
    for (let i = d; i < out.left.length; i += 97) expect(out.left[i]).toBe(input.left[i - d]);
    expect(out.left.subarray(0, d).every((v) => v === 0)).toBe(true);
  });

  it('comes back to unity after a burst (release), without a step', () => {
    const input = stereoBlock(SAMPLE_RATE * 5);
    const burst = sine(300, 0.2, 1);
    input.left.set(burst.left, SAMPLE_RATE);
    input.right.set(burst.right, SAMPLE_RATE);
    const quiet = sine(300, 5, 0.005);
    for (let i = 0; i < input.left.length; i++) {
      input.left[i] = (input.left[i] as number) + (quiet.left[i] as number);
      input.right[i] = (input.right[i] as number) + (quiet.right[i] as number);
    }
    const limiter = new TruePeakLimiter(-30);
    const out = through(limiter, input);
    const d = TruePeakLimiter.latency;
    const end = out.left.length - 1;
    expect(out.left[end]).toBe(input.left[end - d]);
    expect(limiter.maxReductionDb).toBeLessThan(-20);
    expect(maxStep(out)).toBeLessThan(0.01);
  });
});
