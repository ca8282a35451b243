import type { Port } from '../port.js';
import type { BreathingPacer } from './pacer.js';

export type { BreathingPacer } from './pacer.js';

/**
 * A dimmable warm light. Levels are perceptual (0..1 along CIE L*); the adapter maps them to
 * luminance and PWM, and never exceeds its configured cap. status().detail carries the PWM
 * `frequency_hz` and `resolution_bits`, the `cap` and the current `duty` (0..1).
 */
export interface LightPort extends Port {
  /** Fade to `level` (0..1 perceptual, clamped to the cap) over `rampMs` on the unit's Clock. */
  setLevel(level: number, rampMs: number): void;
  /** The level now (mid-fade included), 0..1 perceptual. */
  level(): number;
  /** Off at once, cancelling any fade. */
  off(): void;
  /** Optional breathing-pacer mode (CLINICAL.md), until the next setLevel() or off(). */
  breathe?(pacer: BreathingPacer): void;
}
