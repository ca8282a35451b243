import { describe, expect, it } from 'vitest';
import { dbToGain, stereoBlock } from '../../../device/music/format.js';
import { GainStage, MUTE_MS, SILENCE_DBFS } from '../../../device/music/gain.js';
import { maxStep, toDb } from '../../fakes/signals.js';

/** The gain curve itself: run a block of ones through the stage. */
function gainCurve(stage: GainStage, frames: number): Float32Array {
  const block = stereoBlock(frames);
  block.left.fill(1);
  block.right.fill(1);
  stage.process(block, frames);
  return block.left;
}

describe('GainStage', () => {
  it('ramps linearly in dB and lands exactly on the target frame', () => {
    const stage = new GainStage(Number.POSITIVE_INFINITY);
    stage.rampTo(-40, 0);
    stage.rampTo(-20, 1000); // 48,000 frames
    const g = gainCurve(stage, 48_000 + 10);
    expect(toDb(g[0] as number)).toBeCloseTo(-40, 4);
    expect(toDb(g[12_000] as number)).toBeCloseTo(-35, 3);
    expect(toDb(g[24_000] as number)).toBeCloseTo(-30, 3);
    expect(toDb(g[36_000] as number)).toBeCloseTo(-25, 3);
    expect(g[48_000]).toBe(Math.fround(dbToGain(-20)));
    expect(g[48_009]).toBe(Math.fround(dbToGain(-20)));
    expect(stage.levelDbfs).toBeCloseTo(-20, 6);
  });

  it('fades from silence and back to exact silence without a step above 1e-4 of full scale', () => {
    const stage = new GainStage(Number.POSITIVE_INFINITY);
    stage.rampTo(-30, 2000);
    const up = gainCurve(stage, 96_000);
    expect(toDb(up[0] as number)).toBeCloseTo(SILENCE_DBFS, 3);
    stage.rampTo(null, 2000);
    const down = gainCurve(stage, 96_100);
    expect(down[96_099]).toBe(0);
    expect(stage.levelDbfs).toBeNull();
    const both = { left: Float32Array.from([...up, ...down]), right: Float32Array.from([...up, ...down]) };
    expect(maxStep(both)).toBeLessThan(1e-4);
  });

  it('a new ramp starts from the level reached so far', () => {
    const stage = new GainStage(Number.POSITIVE_INFINITY);
    stage.rampTo(-20, 0);
    stage.rampTo(-60, 1000);
    const first = gainCurve(stage, 24_000);
    stage.rampTo(-20, 1000);
    const second = gainCurve(stage, 10);
    expect(Math.abs((second[0] as number) - (first[23_999] as number))).toBeLessThan(1e-5);
  });

  it('mutes within MUTE_MS with no step larger than the bound, and ends at zero', () => {
    const stage = new GainStage(Number.POSITIVE_INFINITY);
    stage.rampTo(0, 0); // full scale: the worst case for a click
    stage.mute();
    const frames = MUTE_MS * 48 + 10;
    const g = gainCurve(stage, frames);
    expect(g[MUTE_MS * 48]).toBe(0);
    expect(g[frames - 1]).toBe(0);
    // A raised cosine over 1200 frames moves at most π/2400 of the level per frame.
    expect(maxStep({ left: g, right: g })).toBeLessThan(Math.PI / (2 * MUTE_MS * 48) + 1e-6);
    expect(stage.levelDbfs).toBeNull();
  });

  it('a volume change during a mute ramps on from where the mute got to', () => {
    const stage = new GainStage(Number.POSITIVE_INFINITY);
    stage.rampTo(-10, 0);
    stage.mute();
    const muting = gainCurve(stage, 600);
    stage.rampTo(-10, 500);
    const after = gainCurve(stage, 10);
    expect(Math.abs((after[0] as number) - (muting[599] as number))).toBeLessThan(1e-3);
  });
});

describe('GainStage slew limit', () => {
  it('stretches a jump up into a rise of at most 6 dB/s, and never slows a fall', () => {
    const stage = new GainStage(6);
    stage.rampTo(-40, 0); // from silence (−100 dBFS): 60 dB, so 10 s
    const rise = gainCurve(stage, 10 * 48_000 + 1);
    expect(toDb(rise[5 * 48_000] as number)).toBeCloseTo(-70, 3);
    expect(rise[10 * 48_000]).toBe(Math.fround(dbToGain(-40)));
    let steepest = 0;
    for (let i = 4800; i < rise.length; i += 4800) {
      steepest = Math.max(steepest, toDb(rise[i] as number) - toDb(rise[i - 4800] as number));
    }
    expect(steepest).toBeLessThanOrEqual(0.6 + 1e-6); // per 100 ms
    stage.rampTo(-70, 0);
    expect(gainCurve(stage, 1)[0]).toBe(Math.fround(dbToGain(-70)));
  });
});
