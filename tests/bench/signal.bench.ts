import { join } from 'node:path';
import { readPpgCsv } from '../../bin/ppg-input.js';
import { analyzePpg } from '../../device/signal/analyze.js';
import { BeatDetector } from '../../device/signal/beat-detector.js';
import { median } from '../../device/signal/stats.js';
import { PatientModel, patientProfiles } from '../../device/sim/patient.js';
import { PpgSimulator } from '../../device/sim/ppg-simulator.js';
import type { Bench } from './bench.js';
import { type ReferencedRecord, referencedRecords, resample, smartphoneClips } from './signal/records.js';
import { scoreBeats } from './signal/scoring.js';
import {
  STRESS_CONDITIONS,
  STRESS_RATES_HZ,
  type StressCondition,
  summarizeStress,
} from './signal/stress.js';

/** Heart rate is "accurate" within ±5 BPM over 8-s windows (Charlton et al. 2022). */
const HR_TOLERANCE_BPM = 5;

function round(v: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Beat F1 (after the pulse-transit lag) and the share of 8-s windows with HR within ±5 BPM of the ECG. */
function scoreRecord(record: ReferencedRecord, rateHz: number) {
  const recording =
    rateHz === record.recording.rateHz ? record.recording : resample(record.recording, rateHz);
  const analysis = analyzePpg(recording);
  const beats = analysis.beats.map((ms) => ms / 1000);
  const score = scoreBeats(beats, record.reference);
  let accurate = 0;
  for (const w of analysis.windows) {
    const from = w.start / 1000 + score.lag_s;
    const to = w.end / 1000 + score.lag_s;
    const refs = record.reference.filter((t) => t >= from && t < to);
    const refBpm = 60 / median(refs.slice(1).map((t, i) => t - (refs[i] as number)));
    if (w.bpm !== null && Math.abs(w.bpm - refBpm) <= HR_TOLERANCE_BPM) accurate++;
  }
  return {
    rate_hz: rateHz,
    reference_beats: score.reference,
    detected_beats: score.detected,
    sensitivity: round(score.sensitivity),
    ppv: round(score.ppv),
    f1: round(score.f1),
    lag_s: score.lag_s,
    windows: analysis.windows.length,
    hr_within_5bpm_fraction: round(accurate / analysis.windows.length),
  };
}

const accuracy: Bench[] = ['neurokit2-bio_resting_5min', 'bidmc-01'].map((name) => ({
  name: `signal.accuracy.${name}`,
  async run({ dataDir }) {
    const record = referencedRecords(dataDir).find((r) => r.name === name) as ReferencedRecord;
    return { native: scoreRecord(record, record.recording.rateHz), decimated_50hz: scoreRecord(record, 50) };
  },
}));

const smartphone: Bench = {
  name: 'signal.accuracy.but-ppg-v1',
  async run({ dataDir }) {
    const clips = smartphoneClips(dataDir).map((clip) => {
      const a = analyzePpg(clip.recording);
      const quality = a.windows.reduce((s, w) => s + w.quality, 0) / Math.max(1, a.windows.length);
      return { ...clip, bpm: a.bpm, quality };
    });
    const good = clips.filter((c) => c.good);
    const poor = clips.filter((c) => !c.good);
    const accurate = good.filter(
      (c) => c.bpm !== null && Math.abs(c.bpm - c.referenceBpm) <= HR_TOLERANCE_BPM,
    );
    return {
      clips: clips.length,
      good_clips: good.length,
      good_hr_within_5bpm_fraction: round(accurate.length / good.length),
      good_mean_quality: round(good.reduce((s, c) => s + c.quality, 0) / good.length, 3),
      poor_clips: poor.length,
      poor_quality_below_0_5_fraction: round(poor.filter((c) => c.quality < 0.5).length / poor.length),
      misses: clips
        .filter((c) => (c.good ? !accurate.includes(c) : c.quality >= 0.5))
        .map((c) => ({
          id: c.id,
          good: c.good,
          reference_bpm: c.referenceBpm,
          bpm: c.bpm,
          quality: round(c.quality, 3),
        })),
    };
  },
};

/** Robustness only (no reference): microcontroller recordings, one with jittery duplicated stamps. */
const microcontroller: Bench = {
  name: 'signal.robustness.heartpy-examples',
  async run({ dataDir }) {
    const folder = join(dataDir, 'ppg', 'heartpy-examples');
    const files = [
      { file: 'data.csv', options: { rateHz: 100 } },
      { file: 'data2.csv', options: { timeColumn: 'timer' } },
      { file: 'data3.csv', options: { timeColumn: 'datetime' } },
    ];
    const out: Record<string, unknown> = {};
    for (const { file, options } of files) {
      const a = analyzePpg(readPpgCsv(join(folder, file), options));
      const trusted = a.windows.filter((w) => w.quality >= 0.5);
      out[file] = {
        rate_hz: round(a.rateHz, 2),
        beats: a.beats.length,
        bpm: a.bpm === null ? null : round(a.bpm, 1),
        rmssd_ms: a.rmssdMs === null ? null : round(a.rmssdMs, 1),
        windows: a.windows.length,
        windows_quality_ge_0_5: trusted.length,
      };
    }
    return out;
  },
};

/**
 * Simulator stress records with known truth (clean, irregular rhythm, atrial fibrillation, ectopic
 * runs, a sudden rate step, changing perfusion, bedside sensor) at 25–500 Hz, 40–150 BPM, three seeds each: the recordings we do not have.
 */
const stress: Bench = {
  name: 'signal.stress.simulated',
  async run({ progress }) {
    const out: Record<string, Record<string, unknown>> = {};
    for (const condition of Object.keys(STRESS_CONDITIONS) as StressCondition[]) {
      out[condition] = {};
      for (const rateHz of STRESS_RATES_HZ) {
        const s = summarizeStress(condition, rateHz, 3);
        progress(
          `${condition} at ${rateHz} Hz: min F1 ${s.min_f1.toFixed(4)}, HR ±5 ${s.hr_within_5bpm_fraction.toFixed(3)}, irregular ${s.irregular_fraction.toFixed(3)}`,
        );
        (out[condition] as Record<string, unknown>)[`${rateHz}_hz`] = {
          ...s,
          min_f1: round(s.min_f1),
          mean_f1: round(s.mean_f1),
          hr_within_5bpm_fraction: round(s.hr_within_5bpm_fraction),
          irregular_fraction: round(s.irregular_fraction),
        };
      }
    }
    return out;
  },
};

/** Samples per second through the streaming detector on one core, 100 Hz simulated bedside PPG. */
const speed: Bench = {
  name: 'signal.speed.detector-100hz',
  async run({ progress }) {
    const rateHz = 100;
    const seconds = 3600;
    const patient = new PatientModel(patientProfiles.typical, 'bench', 0);
    const sim = new PpgSimulator(
      patient,
      { rateHz, seed: 'bench', noise: 0.02, wander: 0.4, adc: { bits: 10, restingCode: 500 } },
      0,
    );
    const { t, value } = sim.take(seconds * 1000);
    let beats = 0;
    const detector = new BeatDetector(rateHz, { beat: () => beats++ });
    detector.pushBatch(t.subarray(0, 60 * rateHz), value.subarray(0, 60 * rateHz)); // warm the JIT
    const started = process.hrtime.bigint();
    const runs = 3;
    for (let r = 0; r < runs; r++) {
      const d = new BeatDetector(rateHz, { beat: () => beats++ });
      for (let i = 0; i < t.length; i += 25) d.pushBatch(t.subarray(i, i + 25), value.subarray(i, i + 25));
    }
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const samplesPerS = (runs * t.length) / elapsedS;
    progress(`${Math.round(samplesPerS)} samples/s`);
    return {
      samples: runs * t.length,
      beats,
      samples_per_s: Math.round(samplesPerS),
      x_realtime_at_100hz: Math.round(samplesPerS / rateHz),
    };
  },
};

export const benches: Bench[] = [...accuracy, smartphone, microcontroller, stress, speed];
