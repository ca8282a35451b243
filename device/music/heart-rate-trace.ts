import { readFileSync } from 'node:fs';
import { NocturneError, SharedErrorCode } from '../../shared/errors.js';
import { PatientModel, type PatientProfileName, patientProfiles } from '../sim/patient.js';

/** A heart rate over session time: the simulated patient or a recorded trace (`--hr-csv`). */
export interface HeartRateTrace {
  /** BPM at `tS` seconds from session start, or null when there is no valid pulse then. */
  bpmAt(tS: number): number | null;
  describe(): Record<string, unknown>;
}

/** The simulated patient of device/sim, winding down from the session start. */
export function simulatedTrace(
  profile: PatientProfileName,
  seed: number | string,
  startMs: number,
): HeartRateTrace {
  const patient = new PatientModel(patientProfiles[profile], seed, startMs);
  patient.beginWindDown(startMs);
  return {
    bpmAt: (tS) => patient.heartRateAt(startMs + tS * 1000),
    describe: () => ({ source: 'simulated', profile }),
  };
}

/** A recorded sample counts for this long after its time (a 1 Hz trace covers every second). */
const SAMPLE_VALID_S = 5;

/**
 * A recorded trace: CSV with header `t_s,bpm` (seconds from session start; an empty or
 * non-numeric bpm is a gap without pulse). Bad files are usage errors (exit 2), with the line.
 */
export function csvTrace(path: string): HeartRateTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new NocturneError(SharedErrorCode.BadInput, `cannot read ${path}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('t_s');
  const bi = header.indexOf('bpm');
  if (ti < 0 || bi < 0)
    throw new NocturneError(SharedErrorCode.BadInput, `${path}: expected the header t_s,bpm`);
  const t: number[] = [];
  const bpm: (number | null)[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const ts = Number(cells[ti]);
    if (!Number.isFinite(ts) || (t.length > 0 && ts < (t[t.length - 1] as number))) {
      throw new NocturneError(
        SharedErrorCode.BadInput,
        `${path} line ${i + 2}: t_s must be increasing seconds`,
      );
    }
    const b = Number(cells[bi]?.trim() || Number.NaN);
    t.push(ts);
    bpm.push(Number.isFinite(b) && b >= 25 && b <= 250 ? b : null);
  });
  if (t.length === 0) throw new NocturneError(SharedErrorCode.BadInput, `${path}: no rows`);
  return {
    bpmAt(tS) {
      // Latest sample at or before tS (binary search), valid for SAMPLE_VALID_S.
      let lo = 0;
      let hi = t.length - 1;
      if ((t[0] as number) > tS) return null;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((t[mid] as number) <= tS) lo = mid;
        else hi = mid - 1;
      }
      return tS - (t[lo] as number) <= SAMPLE_VALID_S ? (bpm[lo] ?? null) : null;
    },
    describe: () => ({ source: 'csv', path, rows: t.length }),
  };
}

export interface HeartRateSummary {
  baseline_bpm: number | null;
  min_bpm: number | null;
  valid_pulse_fraction: number;
}

/** CLINICAL.md "Heart rate as a sleep signal": the baseline is the first minutes of the session. */
const BASELINE_S = 180;
/** The minimum is taken on a smoothed trend, not on single readings. */
const TREND_S = 30;

/** Baseline, smoothed minimum and pulse coverage of a trace sampled once a second. */
export function summariseHeartRate(samples: readonly (number | null)[]): HeartRateSummary {
  const valid = samples.filter((b): b is number => b !== null);
  const baseline = samples.slice(0, BASELINE_S).filter((b): b is number => b !== null);
  let min: number | null = null;
  for (let i = 0; i + TREND_S <= samples.length; i++) {
    const window = samples.slice(i, i + TREND_S).filter((b): b is number => b !== null);
    if (window.length < TREND_S / 2) continue;
    const mean = window.reduce((a, b) => a + b, 0) / window.length;
    if (min === null || mean < min) min = mean;
  }
  return {
    baseline_bpm: baseline.length > 0 ? round1(baseline.reduce((a, b) => a + b, 0) / baseline.length) : null,
    min_bpm: min === null ? null : round1(min),
    valid_pulse_fraction: samples.length > 0 ? Math.round((valid.length / samples.length) * 1000) / 1000 : 0,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
