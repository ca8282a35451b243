import { isIrregular } from './rhythm.js';

/** Intervals judged: the last 8 between full-size beats. */
const MEMORY = 8;
/**
 * Regular judgements in a row that end an irregular rhythm: AF's 8 intervals look regular by
 * chance about one time in five, and each such lapse cost the small beats the rhythm's rules
 * find; a sinus rhythm that returns is back within a few beats.
 */
const REGULAR_TO_LEAVE = 4;
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
  private regularRun = 0;

  reset(): void {
    this.irregular = false;
    this.count = 0;
    this.lastT = Number.NaN;
    this.regularRun = 0;
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
    if (!calm || alternating(recent)) {
      this.irregular = false;
      return;
    }
    const judged = isIrregular(recent);
    if (judged === true) {
      this.irregular = true;
      this.regularRun = 0;
    } else if (judged === false && ++this.regularRun >= REGULAR_TO_LEAVE) {
      this.irregular = false;
    }
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
