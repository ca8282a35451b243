import type { Port } from '../port.js';

/**
 * A dimmable warm light. Levels are perceptual (0..1 along CIE L*); the adapter maps them to
 * luminance and PWM, and never exceeds its configured cap.
 */
export interface LightPort extends Port {
  /** Fade to `level` (0..1 perceptual, clamped to the cap) over `rampMs` on the unit's Clock. */
  setLevel(level: number, rampMs: number): void;
  /** The level now (mid-fade included), 0..1 perceptual. */
  level(): number;
  /** Off at once, cancelling any fade. */
  off(): void;
}
