import { describe, expect, it } from 'vitest';
import {
  levelToLuminance,
  lightnessToLuminance,
  luminanceToLightness,
} from '../../../../device/ports/light/cie.js';

/** CLINICAL.md "Light", written out independently of the module. */
function cie(l: number): number {
  return l > 8 ? ((l + 16) / 116) ** 3 : l / 903.3;
}

describe('CIE L* dimming curve', () => {
  it('matches the CIE formula across the range, both segments', () => {
    for (let l = 0; l <= 100; l += 0.25) expect(lightnessToLuminance(l)).toBeCloseTo(cie(l), 12);
  });

  it('has the known anchor points', () => {
    expect(lightnessToLuminance(100)).toBeCloseTo(1, 12);
    expect(lightnessToLuminance(50)).toBeCloseTo(0.18419, 5); // mid-grey
    expect(lightnessToLuminance(0)).toBe(0);
  });

  it('is continuous where the segments meet (L* = 8)', () => {
    expect(Math.abs(lightnessToLuminance(8.0001) - lightnessToLuminance(7.9999))).toBeLessThan(1e-6);
  });

  it('inverts exactly', () => {
    for (let l = 0; l <= 100; l += 0.5)
      expect(luminanceToLightness(lightnessToLuminance(l))).toBeCloseTo(l, 9);
  });

  it('maps a port level 0..1 to L* 0..100', () => {
    expect(levelToLuminance(0.5)).toBeCloseTo(cie(50), 12);
    expect(levelToLuminance(2)).toBe(1);
    expect(levelToLuminance(-1)).toBe(0);
  });

  it('needs 12 bits near black: one 8-bit step is a visible jump, one 12-bit step is not', () => {
    expect(luminanceToLightness(1 / 255)).toBeGreaterThan(3);
    expect(luminanceToLightness(1 / 4096)).toBeLessThan(0.5);
  });
});
