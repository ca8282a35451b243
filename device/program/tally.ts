import type { Fault, Phase } from '../../shared/schemas/common.js';
import type { RemoteButton } from '../ports/remote/index.js';

/** One estimate stands for at most this much time (estimates come every 1–2 s when all is well). */
const COVER_MAX_MS = 5000;
/** A heart-rate slope needs this many trusted estimates over at least this span. */
const SLOPE_MIN_N = 10;
const SLOPE_MIN_SPAN_MIN = 5;
const MAX_FAULTS = 50;

export interface TrajectoryPoint {
  t: number;
  tempoBpm: number;
  volumeDba: number | null;
  light: number;
  trendBpm: number | null;
}

/** Running figures for the session report; updated as the session goes, never recomputed. */
export interface Tally {
  phases: readonly { phase: Phase; t: number; reason: string }[];
  /** Time of the previous estimate (or the start): an estimate covers the time since, up to a bound. */
  coverFromT: number;
  validMs: number;
  /** Least-squares sums over trusted estimates: x in minutes from the start, y in BPM. */
  slope: { n: number; sx: number; sy: number; sxx: number; sxy: number; x0: number; x1: number };
  minTrend: number | null;
  gaps: readonly { startT: number; endT: number }[];
  snoozes: readonly { startT: number; endT: number | null }[];
  calmWithdrawnT: readonly number[];
  buttons: Readonly<Record<RemoteButton, number>>;
  faults: readonly Fault[];
  trajectory: readonly TrajectoryPoint[];
  nextSampleT: number;
  nextTrajectoryT: number;
  peakDba: number | null;
  fade: { startT: number; cause: 'calm' | 'timer' } | null;
  /** Trusted estimates whose rhythm was judged, and those judged irregular. */
  rhythm: { judged: number; irregular: number };
}

export function newTally(t: number): Tally {
  return {
    phases: [],
    coverFromT: t,
    validMs: 0,
    slope: { n: 0, sx: 0, sy: 0, sxx: 0, sxy: 0, x0: Number.POSITIVE_INFINITY, x1: Number.NEGATIVE_INFINITY },
    minTrend: null,
    gaps: [],
    snoozes: [],
    calmWithdrawnT: [],
    buttons: { start_stop: 0, snooze: 0, louder: 0, quieter: 0, brighter: 0, dimmer: 0 },
    faults: [],
    trajectory: [],
    nextSampleT: t,
    nextTrajectoryT: t,
    peakDba: null,
    fade: null,
    rhythm: { judged: 0, irregular: 0 },
  };
}

/** The time one estimate at `t` stands for. */
export function coveredMs(tally: Tally, t: number): number {
  return Math.min(COVER_MAX_MS, Math.max(0, t - tally.coverFromT));
}

/** Counts one estimate: valid time, and the slope sums when it is trusted. */
export function tallyEstimate(tally: Tally, t: number, startT: number, trustedBpm: number | null): Tally {
  const covered = coveredMs(tally, t);
  const next = { ...tally, coverFromT: Math.max(tally.coverFromT, t) };
  if (trustedBpm === null) return next;
  const x = (t - startT) / 60_000;
  const s = tally.slope;
  return {
    ...next,
    validMs: tally.validMs + covered,
    slope: {
      n: s.n + 1,
      sx: s.sx + x,
      sy: s.sy + trustedBpm,
      sxx: s.sxx + x * x,
      sxy: s.sxy + x * trustedBpm,
      x0: Math.min(s.x0, x),
      x1: Math.max(s.x1, x),
    },
  };
}

/** Counts the rhythm of one trusted estimate (null: not judged). */
export function tallyRhythm(tally: Tally, irregular: boolean | null): Tally {
  if (irregular === null) return tally;
  const r = tally.rhythm;
  return { ...tally, rhythm: { judged: r.judged + 1, irregular: r.irregular + (irregular ? 1 : 0) } };
}

/** Share of the judged estimates that were irregular, or null when none was judged. */
export function rhythmIrregularity(tally: Tally): number | null {
  return tally.rhythm.judged > 0 ? tally.rhythm.irregular / tally.rhythm.judged : null;
}

/** BPM per minute over the session, or null with too little pulse to say. */
export function heartRateSlope(tally: Tally): number | null {
  const { n, sx, sy, sxx, sxy, x0, x1 } = tally.slope;
  if (n < SLOPE_MIN_N || x1 - x0 < SLOPE_MIN_SPAN_MIN) return null;
  const den = n * sxx - sx * sx;
  return den > 0 ? (n * sxy - sx * sy) / den : null;
}

export function tallyFault(tally: Tally, fault: Fault): Tally {
  const known = tally.faults.some((f) => f.code === fault.code && f.port === fault.port);
  if (known || tally.faults.length >= MAX_FAULTS) return tally;
  return { ...tally, faults: [...tally.faults, fault] };
}

export function tallyButton(tally: Tally, button: RemoteButton): Tally {
  return { ...tally, buttons: { ...tally.buttons, [button]: tally.buttons[button] + 1 } };
}
