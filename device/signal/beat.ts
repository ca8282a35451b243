/** One detected heartbeat: the systolic peak of a pulse. */
export interface Beat {
  /** Time of the systolic peak, ms, on the clock of the sample times. */
  t: number;
  /** Rise of the band-passed pulse from its foot, in signal units. */
  amplitude: number;
  /** Correlation of the pulse's shape with the running template, −1..1 (NaN for the first pulse). */
  shape: number;
  /** Interval from the previous beat, ms; NaN when there is none to compare (first, or after a gap). */
  ibiMs: number;
}
