import type { Beat } from './beat.js';
import { median } from './stats.js';

/** Plausible beat-to-beat intervals (30–200 BPM). */
export const MIN_INTERVAL_MS = 300;
export const MAX_INTERVAL_MS = 2000;
/** An interval further than this from its neighbours' median is ectopic or a detection error (HeartPy uses 30 %). */
const MAX_DEVIATION = 0.3;
/** Neighbours on each side forming an interval's local median. */
const NEIGHBOURS = 5;
/** A pulse whose shape correlates less than this with the template is an artifact, not a beat. */
export const MIN_SHAPE = 0.5;

/** Whether a detected beat looks like a pulse (the first after a new template has no score yet). */
export function isCleanBeat(beat: Beat): boolean {
  return !(beat.shape < MIN_SHAPE);
}

/** One accepted interval: it ends at `beats[end]`. */
export interface Interval {
  end: number;
  ms: number;
}

/** The intervals between two clean, consecutive beats (no gap) within 30–200 BPM. */
export function plausibleIntervals(beats: readonly Beat[]): Interval[] {
  const plausible: Interval[] = [];
  for (let i = 1; i < beats.length; i++) {
    const b = beats[i] as Beat;
    if (!(b.ibiMs >= MIN_INTERVAL_MS && b.ibiMs <= MAX_INTERVAL_MS)) continue;
    if (!isCleanBeat(b) || !isCleanBeat(beats[i - 1] as Beat)) continue;
    plausible.push({ end: i, ms: b.ibiMs });
  }
  return plausible;
}

/**
 * The intervals heart rate and HRV may use: the plausible ones (`plausibleIntervals`) within 30 %
 * of the median of their neighbours, so an ectopic beat, a missed or an extra detection does not
 * bias the rate or inflate the variability. `plausible` may be passed when already known.
 */
export function acceptedIntervals(
  beats: readonly Beat[],
  plausible: readonly Interval[] = plausibleIntervals(beats),
): Interval[] {
  return plausible.filter((interval, k) => {
    const local = median(plausible.slice(Math.max(0, k - NEIGHBOURS), k + NEIGHBOURS + 1).map((p) => p.ms));
    return Math.abs(interval.ms - local) <= MAX_DEVIATION * local;
  });
}

export interface HeartRateStats {
  /** 60 000 / median accepted interval; null with fewer than 2 accepted intervals. */
  bpm: number | null;
  /** Root mean square of successive differences of adjacent accepted intervals; null with < 2 pairs. */
  rmssdMs: number | null;
  /** Standard deviation of accepted intervals; null with < 3 intervals. */
  sdnnMs: number | null;
  intervals: number;
}

const MIN_INTERVALS_FOR_RATE = 2;

export function heartRateStats(intervals: readonly Interval[]): HeartRateStats {
  const ms = intervals.map((i) => i.ms);
  const bpm = ms.length >= MIN_INTERVALS_FOR_RATE ? 60_000 / median(ms) : null;
  let sumSq = 0;
  let pairs = 0;
  for (let k = 1; k < intervals.length; k++) {
    const a = intervals[k - 1] as Interval;
    const b = intervals[k] as Interval;
    if (b.end !== a.end + 1) continue;
    sumSq += (b.ms - a.ms) ** 2;
    pairs++;
  }
  let sdnnMs: number | null = null;
  if (ms.length >= 3) {
    const mean = ms.reduce((s, v) => s + v, 0) / ms.length;
    sdnnMs = Math.sqrt(ms.reduce((s, v) => s + (v - mean) ** 2, 0) / (ms.length - 1));
  }
  return { bpm, rmssdMs: pairs >= 2 ? Math.sqrt(sumSq / pairs) : null, sdnnMs, intervals: ms.length };
}
