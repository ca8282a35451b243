import type { HeartRateEstimate } from './estimate.js';

/** The live share covers the last 5 minutes of estimates. */
const SPAN_MS = 5 * 60_000;

/**
 * The unit's live rhythm figure (`state.rhythm_irregularity`): the share of the judged heart-rate
 * estimates of the last 5 minutes whose pulse was irregular, or null when none was judged. An
 * observation of the pulse, never a diagnosis.
 */
export class RhythmWatch {
  private judged: { t: number; irregular: boolean }[] = [];

  add(estimate: HeartRateEstimate): void {
    if (estimate.irregular === true || estimate.irregular === false) {
      this.judged.push({ t: estimate.t, irregular: estimate.irregular });
    }
  }

  /** Share (two decimals, so the retained state changes seldom) at `now`, ms on the estimates' clock. */
  share(now: number): number | null {
    this.judged = this.judged.filter((j) => now - j.t < SPAN_MS);
    if (this.judged.length === 0) return null;
    const irregular = this.judged.filter((j) => j.irregular).length;
    return Math.round((100 * irregular) / this.judged.length) / 100;
  }
}
