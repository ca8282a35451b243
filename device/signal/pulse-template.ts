import type { SampleHistory } from './sample-history.js';

/** Points a pulse is resampled to before comparing shapes: enough for a systolic peak and notch. */
const POINTS = 32;
/** A pulse this similar to the template updates it (and counts as a clean pulse). */
const UPDATE_CORRELATION = 0.8;
/** Consecutive unlike pulses after which the template is learned again (the morphology changed). */
const RELEARN_AFTER = 4;

/**
 * The running template of the pulse shape, for a template-matching quality index (Li & Clifford
 * 2012; Orphanidou et al. 2015): each new pulse, cut out around its peak at a fixed fraction of the
 * beat period and resampled, is compared with the template by correlation. Clean pulses update the
 * template slowly; motion and noise give pulses unlike it. No allocation per pulse.
 */
export class PulseTemplate {
  private readonly template = new Float64Array(POINTS);
  private readonly pulse = new Float64Array(POINTS);
  private learned = 0;
  private unlike = 0;

  /**
   * Correlation (−1..1) of the pulse peaking at sample `peak` of `history`, spanning
   * `before` samples before and `after` samples after it, with the template; NaN for the first.
   */
  match(history: SampleHistory, peak: number, before: number, after: number): number {
    const span = before + after;
    let mean = 0;
    for (let k = 0; k < POINTS; k++) {
      const v = history.filteredAtFraction(peak - before + (span * k) / (POINTS - 1));
      this.pulse[k] = v;
      mean += v;
    }
    mean /= POINTS;
    let norm = 0;
    for (let k = 0; k < POINTS; k++) {
      const v = (this.pulse[k] as number) - mean;
      this.pulse[k] = v;
      norm += v * v;
    }
    if (norm === 0) return 0;
    norm = Math.sqrt(norm);
    for (let k = 0; k < POINTS; k++) this.pulse[k] = (this.pulse[k] as number) / norm;

    if (this.learned === 0) {
      this.template.set(this.pulse);
      this.learned = 1;
      return Number.NaN;
    }
    let r = 0;
    for (let k = 0; k < POINTS; k++) r += (this.pulse[k] as number) * (this.template[k] as number);
    if (r >= UPDATE_CORRELATION) {
      this.unlike = 0;
      this.update(this.learned < 8 ? 1 / (this.learned + 1) : 0.1);
    } else if (++this.unlike >= RELEARN_AFTER) {
      this.template.set(this.pulse);
      this.learned = 1;
      this.unlike = 0;
    }
    return r;
  }

  private update(weight: number): void {
    let norm = 0;
    for (let k = 0; k < POINTS; k++) {
      const v = (1 - weight) * (this.template[k] as number) + weight * (this.pulse[k] as number);
      this.template[k] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let k = 0; k < POINTS; k++) this.template[k] = (this.template[k] as number) / norm;
    this.learned++;
  }
}
