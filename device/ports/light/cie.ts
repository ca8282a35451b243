/**
 * Perceived brightness (CIE 1976 L*, 0..100) and relative luminance (Y, 0..1), as CLINICAL.md
 * "Light" gives them: Y = ((L* + 16) / 116)^3 for L* > 8, else L* / 903.3.
 */

/** CIE's linear segment near black: L* = 903.3 Y below L* 8 (CLINICAL.md "Light"). */
const KAPPA = 903.3;
const LINEAR_LIMIT_L = 8;

/** Relative luminance 0..1 for a lightness 0..100. */
export function lightnessToLuminance(lightness: number): number {
  const l = clamp(lightness, 0, 100);
  return l > LINEAR_LIMIT_L ? ((l + 16) / 116) ** 3 : l / KAPPA;
}

/** Lightness 0..100 for a relative luminance 0..1 (the inverse of `lightnessToLuminance`). */
export function luminanceToLightness(luminance: number): number {
  const y = clamp(luminance, 0, 1);
  return y > LINEAR_LIMIT_L / KAPPA ? 116 * Math.cbrt(y) - 16 : y * KAPPA;
}

/** A port level (0..1 perceptual) is L* / 100. */
export function levelToLuminance(level: number): number {
  return lightnessToLuminance(level * 100);
}

export function luminanceToLevel(luminance: number): number {
  return luminanceToLightness(luminance) / 100;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
