import { isIrregular } from './rhythm.js';

/** Intervals judged: the last 8 between full-size beats. */
const MEMORY = 8;
/** Plausible intervals (30–200 BPM). */
const MIN_IBI_MS = 300;
const MAX_IBI_MS = 2000;

/**
 * The beat detector's own view of the rhythm: irregular throughout (`rhythm.ts`) or not, judged
 * on the intervals between full-size beats only (those a regular rhythm's thresholds accept), so
 * the small beats the detector lets through cannot feed the judgement; never amid motion or
 * before the pulse is known (`calm` false), and never on a doubled or halved rhythm (intervals
 * alternating all through), which the detector's period check must stay free to correct.
 */
export class DetectorRhythm {
  /** Whether the last intervals are irregular throughout: the rhythm has no period. */
  irregular = false;
  private readonly ibis = new Float64Array(MEMORY);
  private count = 0;
  private lastT = Number.NaN;

  reset(): void {
    this.irregular = false;
    this.count = 0;
    this.lastT = Number.NaN;
  }

  /** A full-size beat at `t` (ms). Once per beat; a few small arrays. */
  beat(t: number, calm: boolean): void {
    const ibiMs = t - this.lastT;
    this.lastT = t;
    if (!(ibiMs >= MIN_IBI_MS && ibiMs <= MAX_IBI_MS)) return;
    this.ibis[this.count++ % MEMORY] = ibiMs;
    const recent: number[] = [];
    for (let k = Math.max(0, this.count - MEMORY); k < this.count; k++)
      recent.push(this.ibis[k % MEMORY] as number);
    this.irregular = calm && isIrregular(recent) === true && !alternating(recent);
  }
}

/** Whether successive differences alternate in sign all through: a doubled or halved rhythm, not AF. */
function alternating(intervals: readonly number[]): boolean {
  let flips = 0;
  for (let i = 2; i < intervals.length; i++) {
    const a = (intervals[i - 1] as number) - (intervals[i - 2] as number);
    const b = (intervals[i] as number) - (intervals[i - 1] as number);
    if (a * b < 0) flips++;
  }
  return intervals.length >= 4 && flips === intervals.length - 2;
}
