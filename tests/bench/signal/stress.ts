import { analyzePpg } from '../../../device/signal/analyze.js';
import { patientProfile } from '../../../device/sim/patient.js';
import type { Disturbance, Dropout, PpgSimOptions } from '../../../device/sim/ppg-simulator.js';
import { simulateRecording, trueBpm } from '../../fixtures/ppg.js';
import { scoreBeats } from './scoring.js';

/**
 * Simulator stress records with known truth: the conditions the detector must hold up in on
 * recordings we do not have (clean expert-annotated records; a bedside sensor). Each record is
 * scored with the benchmark's ±150 ms one-to-one matcher (no lag: the simulator knows the true
 * systolic peaks) and its 8-s windows against the true heart rate.
 */
export const STRESS_SECONDS = 120;
export const STRESS_RATES_HZ = [25, 50, 100, 500] as const;
export const STRESS_BPM = [40, 55, 70, 90, 110, 130, 150] as const;

const MOTION: Disturbance[] = [
  { start: 30_000, end: 34_000 },
  { start: 75_000, end: 79_000 },
];
const FINGER_OFF: Dropout[] = [
  { start: 50_000, end: 55_000, reads: 'saturated' },
  { start: 95_000, end: 100_000, reads: 'flat' },
];

export const STRESS_CONDITIONS = {
  /** A good finger sensor at rest: little noise, breathing baseline. */
  clean: { noise: 0.01, wander: 0.2 },
  /** Arrhythmia-like rhythm: 12 % interval scatter (AF-like) and 5 % ectopic beats. */
  irregular: { noise: 0.01, wander: 0.2, irregularity: 0.12, ectopicRate: 0.05 },
  /**
   * Atrial fibrillation: lognormal intervals (CV 25 %, 0.33–2 s), each pulse as large as the
   * filling time before it allows (down to a third), some beats after the shortest intervals
   * ejecting no pulse at all.
   */
  af: { noise: 0.01, wander: 0.2, af: { cv: 0.25 } },
  /** Sinus rhythm with runs of premature beats (8 % of beats start a run of 1–3) and their pauses. */
  ectopic: { noise: 0.01, wander: 0.2, ectopicRate: 0.08, ectopicRun: 3 },
  /** A sudden change of rate: +30 BPM at 60 s (an arousal), sinus rhythm. */
  rate_step: { noise: 0.01, wander: 0.2, rateStep: { at: 60_000, bpm: 30 } },
  /** Perfusion falling to 30 % and back every 40 s, more sensor noise. */
  low_perfusion: { noise: 0.03, wander: 0.4, perfusion: { depth: 0.7, periodS: 40 } },
  /** A cheap bedside sensor: 10-bit ADC with a small pulse, wander, noise, jitter, motion, finger-off. */
  bedside: {
    amplitude: 40,
    adc: { bits: 10, restingCode: 500 },
    noise: 0.05,
    wander: 0.6,
    jitterMs: 2,
    motion: MOTION,
    dropouts: FINGER_OFF,
  },
} as const satisfies Record<string, Partial<PpgSimOptions>>;

export type StressCondition = keyof typeof STRESS_CONDITIONS;

export interface StressScore {
  condition: StressCondition;
  rateHz: number;
  bpm: number;
  seed: number;
  /** Beats outside motion and finger-off (±2 s): sensitivity, PPV, F1. */
  se: number;
  ppv: number;
  f1: number;
  /** Detections inside motion or finger-off that match no true beat. */
  falseInDisturbances: number;
  /** Windows clear of disturbances, and the share whose bpm is within ±5 of the truth. */
  cleanWindows: number;
  hrWithin5: number;
  /** Windows holding a whole disturbance that still claim a trusted (quality ≥ 0.5) wrong rate. */
  trustedWrongDuringDisturbance: number;
  /** Clean windows whose rhythm was judged (irregular not null), and those judged irregular. */
  judgedWindows: number;
  irregularWindows: number;
}

const MARGIN_MS = 2000;
const HR_TOLERANCE_BPM = 5;

export function runStressRecord(
  condition: StressCondition,
  rateHz: number,
  bpm: number,
  seed: number,
): StressScore {
  const options: Partial<PpgSimOptions> = STRESS_CONDITIONS[condition];
  const disturbed: Disturbance[] = [...(options.motion ?? []), ...(options.dropouts ?? [])];
  const near = (t: number, margin: number) =>
    disturbed.some((d) => t >= d.start - margin && t < d.end + margin);
  // A resting patient at a fixed rate, with the usual breathing and slow drift.
  const profile = patientProfile('typical', { baselineBpm: bpm, sleepBpm: bpm });
  const rec = simulateRecording(STRESS_SECONDS, { ...options, rateHz, seed }, profile);
  const a = analyzePpg(rec);

  const detected = a.beats.filter((t) => !near(t, MARGIN_MS)).map((t) => t / 1000);
  const reference = rec.truth.filter((t) => !near(t, MARGIN_MS)).map((t) => t / 1000);
  const score = scoreBeats(detected, reference, false);
  const inDisturbance = a.beats.filter((t) => near(t, 0));
  const falseInDisturbances = inDisturbance.filter(
    (t) => !rec.truth.some((r) => Math.abs(r - t) <= 150),
  ).length;

  let cleanWindows = 0;
  let accurate = 0;
  let trustedWrong = 0;
  let judged = 0;
  let irregular = 0;
  for (const w of a.windows) {
    const truthBpm = trueBpm(rec.truth, w.start, w.end);
    const wrong = w.bpm === null || Math.abs(w.bpm - truthBpm) > HR_TOLERANCE_BPM;
    if (!disturbed.some((d) => d.start < w.end + MARGIN_MS && d.end + MARGIN_MS > w.start)) {
      cleanWindows++;
      if (!wrong) accurate++;
      if (w.irregular !== null) judged++;
      if (w.irregular === true) irregular++;
    } else if (disturbed.some((d) => d.start >= w.start && d.end <= w.end)) {
      if (w.bpm !== null && wrong && w.quality >= 0.5) trustedWrong++;
    }
  }
  return {
    condition,
    rateHz,
    bpm,
    seed,
    se: score.sensitivity,
    ppv: score.ppv,
    f1: score.f1,
    falseInDisturbances,
    cleanWindows,
    hrWithin5: cleanWindows > 0 ? accurate / cleanWindows : 1,
    trustedWrongDuringDisturbance: trustedWrong,
    judgedWindows: judged,
    irregularWindows: irregular,
  };
}

export interface StressSummary {
  records: number;
  min_f1: number;
  mean_f1: number;
  records_f1_ge_0_99: number;
  hr_within_5bpm_fraction: number;
  false_beats_in_disturbances: number;
  trusted_wrong_windows_in_disturbances: number;
  /** Share of the judged clean windows called irregular. */
  irregular_fraction: number;
}

/** One condition at one rate over every heart rate and `seeds` seeds. */
export function summarizeStress(condition: StressCondition, rateHz: number, seeds: number): StressSummary {
  const scores: StressScore[] = [];
  for (const bpm of STRESS_BPM) {
    for (let seed = 1; seed <= seeds; seed++) scores.push(runStressRecord(condition, rateHz, bpm, seed));
  }
  const f1 = scores.map((s) => s.f1);
  const windows = scores.reduce((sum, s) => sum + s.cleanWindows, 0);
  const accurate = scores.reduce((sum, s) => sum + s.hrWithin5 * s.cleanWindows, 0);
  const judged = scores.reduce((sum, s) => sum + s.judgedWindows, 0);
  return {
    records: scores.length,
    min_f1: Math.min(...f1),
    mean_f1: f1.reduce((sum, v) => sum + v, 0) / f1.length,
    records_f1_ge_0_99: f1.filter((v) => v >= 0.99).length,
    hr_within_5bpm_fraction: windows > 0 ? accurate / windows : 1,
    false_beats_in_disturbances: scores.reduce((sum, s) => sum + s.falseInDisturbances, 0),
    trusted_wrong_windows_in_disturbances: scores.reduce(
      (sum, s) => sum + s.trustedWrongDuringDisturbance,
      0,
    ),
    irregular_fraction: judged > 0 ? scores.reduce((sum, s) => sum + s.irregularWindows, 0) / judged : 0,
  };
}
