import { describe, expect, it } from 'vitest';
import { TempoGlide } from '../../../device/music/tempo.js';

describe('TempoGlide', () => {
  it('glides 72 → 60 BPM over 20 minutes, linearly, and reaches the target at the set time', () => {
    const tempo = new TempoGlide(72);
    tempo.set(60, 20 * 60_000);
    const frames = 20 * 60 * 48_000;
    expect(tempo.advance(frames / 2)).toBeCloseTo(66, 9);
    expect(tempo.advance(frames / 2 - 1)).toBeGreaterThan(60);
    expect(tempo.advance(1)).toBe(60);
    expect(tempo.advance(48_000)).toBe(60);
  });

  it('a new glide starts from the tempo reached so far (no jump)', () => {
    const tempo = new TempoGlide(72);
    tempo.set(60, 10_000);
    tempo.advance(240_000);
    expect(tempo.bpm).toBeCloseTo(66, 9);
    tempo.set(70, 1000);
    expect(tempo.bpm).toBeCloseTo(66, 9);
    tempo.advance(48_000);
    expect(tempo.bpm).toBe(70);
  });

  it('keeps the tempo within 40–120 BPM and rejects nonsense', () => {
    expect(new TempoGlide(200).bpm).toBe(120);
    const tempo = new TempoGlide(60);
    tempo.set(10, 0);
    expect(tempo.bpm).toBe(40);
    expect(() => tempo.set(Number.NaN, 0)).toThrow(RangeError);
  });
});
