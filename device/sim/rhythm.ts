import type { Random } from '../../shared/random.js';

/**
 * Shortest beat-to-beat interval an irregular rhythm or an ectopic beat makes: the ventricle's
 * refractory period (200 BPM, the top of the physiological range the detector covers).
 */
const MIN_RR_MS = 300;
/** Atrial fibrillation's intervals stay within 0.33–2 s (180–30 BPM). */
const AF_MIN_RR_MS = 330;
const AF_MAX_RR_MS = 2000;
/** A beat after an interval this short may fill the ventricle too little to make a pulse. */
const NON_CONDUCTED_AFTER_MS = 420;

/**
 * Atrial fibrillation, as PPG AF-screening studies see it: intervals irregularly irregular
 * (independent, lognormal around the patient's mean interval), each pulse as large as the filling
 * time before it allows (down to a third after the shortest intervals: the pulse deficit).
 */
export interface AfRhythm {
  /** Coefficient of variation of the intervals (≈ 0.25 in AF). */
  cv: number;
  /**
   * Chance that a beat after a very short interval (< 420 ms) ejects no pulse at all (a
   * non-conducted, "missing" pulse): the heart beat, the finger sees nothing. Default 0.3.
   */
  nonConducted?: number;
}

export interface RhythmOptions {
  /** Sinus beat-to-beat scatter as a share of the interval (AF-like scatter on a sinus rhythm). */
  irregularity?: number;
  /** Share of beats followed by a premature (ectopic) beat. */
  ectopicRate?: number;
  /** Longest run of consecutive premature beats (couplets, triplets); default 1. */
  ectopicRun?: number;
  af?: AfRhythm;
}

/** The next interval and the size of this beat's pulse (0: no pulse reaches the finger). */
export interface RhythmBeat {
  rr: number;
  scale: number;
}

/**
 * Beat-to-beat rhythm on top of the patient's sinus rate: sinus (unchanged), sinus with scatter
 * and ectopic beats (each premature beat comes after 60–75 % of the interval with a 40–80 % pulse,
 * then a compensatory pause), or atrial fibrillation. Draws only from its own random stream.
 */
export class RhythmModel {
  private ectopicLeft = 0;
  private premature = false;
  private lastRr = Number.NaN;

  constructor(
    private readonly o: RhythmOptions,
    private readonly rng: Random,
  ) {}

  /** Whether the rhythm is anything but the plain sinus rhythm (then `next` is the identity). */
  get active(): boolean {
    return (this.o.irregularity ?? 0) > 0 || (this.o.ectopicRate ?? 0) > 0 || this.o.af !== undefined;
  }

  next(sinusMs: number): RhythmBeat {
    if (this.o.af) return this.fibrillation(sinusMs, this.o.af);
    return this.ectopy(sinusMs);
  }

  private fibrillation(meanMs: number, af: AfRhythm): RhythmBeat {
    const r = this.rng;
    // Lognormal with the given CV and the patient's mean interval.
    const sigma = Math.sqrt(Math.log(1 + af.cv * af.cv));
    const rr = Math.min(
      AF_MAX_RR_MS,
      Math.max(AF_MIN_RR_MS, meanMs * Math.exp(sigma * r.gaussian() - (sigma * sigma) / 2)),
    );
    const filled = Number.isNaN(this.lastRr) ? meanMs : this.lastRr;
    const nonConducted = filled < NON_CONDUCTED_AFTER_MS && r.next() < (af.nonConducted ?? 0.3);
    // Frank–Starling: the shorter the filling time, the smaller the stroke, down to a third.
    const scale = nonConducted ? 0 : Math.min(1.1, Math.max(1 / 3, (filled / meanMs) ** 1.5));
    this.lastRr = rr;
    return { rr, scale };
  }

  private ectopy(sinusMs: number): RhythmBeat {
    const irregularity = this.o.irregularity ?? 0;
    const r = this.rng;
    const base = sinusMs * Math.min(1.6, Math.max(0.6, 1 + irregularity * r.gaussian()));
    if (this.premature) {
      // This beat is premature: a smaller pulse, then another premature beat or the pause.
      if (this.ectopicLeft > 0) {
        this.ectopicLeft--;
        return { rr: Math.max(MIN_RR_MS, base * r.uniform(0.6, 0.75)), scale: r.uniform(0.4, 0.8) };
      }
      this.premature = false;
      return { rr: base * r.uniform(1.25, 1.4), scale: r.uniform(0.4, 0.8) };
    }
    if (r.next() < (this.o.ectopicRate ?? 0)) {
      this.premature = true;
      const run = this.o.ectopicRun ?? 1;
      this.ectopicLeft = run > 1 ? r.int(1, run) - 1 : 0;
      return { rr: Math.max(MIN_RR_MS, base * r.uniform(0.6, 0.75)), scale: 1 };
    }
    return { rr: Math.max(MIN_RR_MS, base), scale: 1 };
  }
}
