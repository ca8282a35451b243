/** A heart-rate estimate as the program consumes it, whatever produced it. */
export interface HeartRateEstimate {
  /** When the estimate holds, ms on the unit's Clock. */
  t: number;
  /** BPM, or null when there is no valid pulse. */
  bpm: number | null;
  /** 0..1: how far the estimate can be trusted. */
  quality: number;
  source: 'ppg' | 'device';
  /**
   * The pulse was irregular throughout the window (`rhythm.ts`): an observation, never a
   * diagnosis. Null or absent when not judged (too few beats, no trusted pulse, a device rate).
   */
  irregular?: boolean | null;
}
