import type { Beat } from './beat.js';
import { heartRateStats, type Interval } from './heart-rate.js';
import { isIrregular, RHYTHM_MIN_QUALITY } from './rhythm.js';
import type { SignalBlock } from './signal-blocks.js';
import { median } from './stats.js';

/** Heart-rate windows: 8 s long, one every 2 s (DESIGN.md "Command line"; Charlton 2022 scores HR over 8 s). */
export const WINDOW_MS = 8000;
export const WINDOW_STEP_MS = 2000;
/** Weight of the coverage by intervals of an irregular rhythm, which no neighbour rule checked. */
const IRREGULAR_TRUST = 0.75;
/** An interval this many times the window's median holds a missed beat. */
const MERGED_INTERVAL = 1.7;

export interface WindowSummary {
  start: number;
  end: number;
  /** Median-interval heart rate of the window; null with too few accepted intervals. */
  bpm: number | null;
  /** 0..1 signal-quality index: how far the window's pulse can be trusted. */
  quality: number;
  /** The rhythm is irregular throughout (`rhythm.ts`); null with too few intervals to judge. */
  irregular: boolean | null;
}

/**
 * Heart rate, rhythm (`irregular`, judged on the plausible intervals, `rhythm.ts`) and signal
 * quality of a window. Quality is 0..1, the product of four indices, each 1 for a clean pulse:
 * - coverage: the share of the window spanned by accepted beat-to-beat intervals (regular beats
 *   all through; gaps, missed beats and irregular detections lower it);
 * - shape: mean correlation of its pulses with the running template (template matching, Li &
 *   Clifford 2012), 0.6 → 0 … 0.9 → 1;
 * - clipping: samples stuck at the signal's rails (saturated ADC, flat line);
 * - motion: pulses rejected as far larger than the recent ones.
 */
export function summarizeWindow(
  beats: readonly Beat[],
  intervals: readonly Interval[],
  plausible: readonly Interval[],
  blocks: readonly SignalBlock[],
  start: number,
  end: number,
): WindowSummary {
  const span = end - start;
  const rhythm: number[] = [];
  for (const interval of plausible) {
    const from = (beats[interval.end - 1] as Beat).t;
    if (from >= start && (beats[interval.end] as Beat).t < end) rhythm.push(interval.ms);
  }
  // In an irregular rhythm every plausible interval is a real one: the 30 % rule would drop the
  // far ones, biasing the rate and leaving the window uncovered, so all of them count.
  const irregularRhythm = isIrregular(rhythm);
  const counted = irregularRhythm === true ? plausible : intervals;
  const inside: Interval[] = [];
  let covered = 0;
  let coveredTo = start;
  for (const interval of counted) {
    const to = (beats[interval.end] as Beat).t;
    const from = (beats[interval.end - 1] as Beat).t;
    if (to <= start || from >= end) continue;
    covered += Math.min(to, end) - Math.max(from, start);
    coveredTo = Math.max(coveredTo, Math.min(to, end));
    if (from >= start && to < end) inside.push(interval);
  }
  const rate = heartRateStats(irregularRhythm === true ? withoutMerged(inside) : inside).bpm;
  // After the last beat no next beat can be expected for one interval (the end of a recording,
  // or the live edge): that much of the window counts as covered.
  if (rate !== null && coveredTo > start) covered += Math.min(end - coveredTo, 60_000 / rate);
  let shapeSum = 0;
  let shapes = 0;
  for (const beat of beats) {
    if (beat.t < start || beat.t >= end || Number.isNaN(beat.shape)) continue;
    shapeSum += beat.shape;
    shapes++;
  }
  let samples = 0;
  let railed = 0;
  let artifacts = 0;
  for (const block of blocks) {
    if (block.end <= start || block.start >= end) continue;
    samples += block.samples;
    railed += block.railed;
    artifacts += block.artifacts;
  }
  // Intervals no regularity check confirmed are trusted less: an irregular window's quality is 3/4.
  const coverage = clamp01((covered / span - 0.5) / 0.4) * (irregularRhythm === true ? IRREGULAR_TRUST : 1);
  const shape = shapes > 0 ? clamp01((shapeSum / shapes - 0.6) / 0.3) : 0;
  const clipping = samples > 0 ? clamp01(1 - (3 * railed) / samples) : 0;
  const motion = clamp01(1 - 0.25 * artifacts);
  const quality = coverage * shape * clipping * motion;
  // The rhythm of a pulse that cannot be trusted (motion, noise) is not judged.
  return {
    start,
    end,
    bpm: rate,
    quality,
    irregular: quality >= RHYTHM_MIN_QUALITY ? irregularRhythm : null,
  };
}

/**
 * An irregular window's intervals without those that hold a missed beat: longer than 1.7× their
 * median, which AF's own scatter (CV 25 %) reaches in about one interval in seventy.
 */
function withoutMerged(intervals: Interval[]): Interval[] {
  if (intervals.length < 3) return intervals;
  const limit = MERGED_INTERVAL * median(intervals.map((i) => i.ms));
  return intervals.filter((i) => i.ms <= limit);
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
