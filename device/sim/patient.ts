import { Random } from '../../shared/random.js';

/**
 * A simulated patient's heart rate during a wind-down: it settles from an evening baseline
 * towards a sleep value, exponentially, after a short delay, with slow physiological drift.
 * The `insomnia` profile has a blunted fall (CLINICAL.md: the fall at sleep onset is blunted in
 * sleep-onset insomnia, Sleep Heart Health Study).
 */
export interface PatientProfile {
  name: string;
  /** Resting heart rate in the evening, before the session. */
  baselineBpm: number;
  /** Heart rate it settles towards once asleep. */
  sleepBpm: number;
  /** Minutes before the fall begins. */
  onsetDelayMin: number;
  /** Time constant of the fall, minutes. */
  tauMin: number;
  /** Standard deviation of the slow drift around the trend, BPM. */
  driftBpm: number;
  /** Breathing rate, breaths per minute (sets the respiratory sinus arrhythmia and wander). */
  breathsPerMin: number;
  /** Respiratory sinus arrhythmia: peak heart-rate swing over a breath, ± BPM (vagal tone). */
  rsaBpm: number;
}

/**
 * `insomnia`: higher evening rate, smaller and slower fall, less vagal tone (smaller RSA), as in
 * sleep-onset insomnia (CLINICAL.md "Heart rate as a sleep signal").
 */
export const patientProfiles = {
  typical: {
    name: 'typical',
    baselineBpm: 68,
    sleepBpm: 56,
    onsetDelayMin: 4,
    tauMin: 9,
    driftBpm: 1.2,
    breathsPerMin: 14,
    rsaBpm: 3,
  },
  insomnia: {
    name: 'insomnia',
    baselineBpm: 74,
    sleepBpm: 71,
    onsetDelayMin: 10,
    tauMin: 35,
    driftBpm: 1.8,
    breathsPerMin: 16,
    rsaBpm: 1.5,
  },
} as const satisfies Record<string, PatientProfile>;

export type PatientProfileName = keyof typeof patientProfiles;

/** A named profile with some values changed, e.g. a slower fall: `patientProfile('typical', { tauMin: 15 })`. */
export function patientProfile(
  name: PatientProfileName,
  changes: Partial<PatientProfile> = {},
): PatientProfile {
  return { ...patientProfiles[name], ...changes };
}

export class PatientModel {
  private readonly rng: Random;
  /** Drift at whole seconds from `originMs`, filled lazily so any later time can be queried. */
  private readonly drift: number[] = [0];
  private windDownStartMs: number | undefined;

  constructor(
    readonly profile: PatientProfile,
    seed: number | string,
    /** Earliest time the model is asked about (ms). */
    private readonly originMs: number,
  ) {
    this.rng = new Random(`patient:${seed}`);
  }

  /** The patient lies down and the wind-down begins; before it the heart rate stays at baseline. */
  beginWindDown(ms: number): void {
    this.windDownStartMs = ms;
  }

  /** The trend without drift, BPM. */
  trendAt(ms: number): number {
    const { baselineBpm, sleepBpm, onsetDelayMin, tauMin } = this.profile;
    if (this.windDownStartMs === undefined) return baselineBpm;
    const minutes = Math.max(0, (ms - this.windDownStartMs) / 60_000 - onsetDelayMin);
    return sleepBpm + (baselineBpm - sleepBpm) * Math.exp(-minutes / tauMin);
  }

  /** Heart rate, BPM: trend plus slow drift (averaged over a breath: no RSA). */
  heartRateAt(ms: number): number {
    return this.trendAt(ms) + this.driftAt(Math.max(0, (ms - this.originMs) / 1000));
  }

  /** Breathing phase at `ms`, radians (0 = start of inspiration). */
  breathPhaseAt(ms: number): number {
    return (2 * Math.PI * this.profile.breathsPerMin * (ms - this.originMs)) / 60_000;
  }

  /** Beat-to-beat heart rate, BPM: with respiratory sinus arrhythmia (faster on inspiration). */
  instantaneousRateAt(ms: number): number {
    return this.heartRateAt(ms) + this.profile.rsaBpm * Math.sin(this.breathPhaseAt(ms));
  }

  private driftAt(seconds: number): number {
    const i = Math.floor(seconds);
    // AR(1) with a ~60 s correlation time: slow wandering, not white noise.
    const phi = Math.exp(-1 / 60);
    const sigma = this.profile.driftBpm * Math.sqrt(1 - phi * phi);
    while (this.drift.length <= i + 1) {
      const last = this.drift[this.drift.length - 1] as number;
      this.drift.push(phi * last + sigma * this.rng.gaussian());
    }
    const frac = seconds - i;
    return (this.drift[i] as number) * (1 - frac) + (this.drift[i + 1] as number) * frac;
  }
}
