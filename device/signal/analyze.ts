import type { Beat } from './beat.js';
import { BeatDetector } from './beat-detector.js';
import {
  acceptedIntervals,
  type HeartRateStats,
  heartRateStats,
  type Interval,
  isCleanBeat,
  plausibleIntervals,
} from './heart-rate.js';
import type { SignalBlock } from './signal-blocks.js';
import { summarizeWindow, WINDOW_MS, WINDOW_STEP_MS, type WindowSummary } from './window-summary.js';

/** Seconds the detector learns on before an offline analysis starts over from the first sample. */
const WARM_UP_MS = 10_000;

export interface PpgRecording {
  /** Sample times, ms (may jitter). */
  t: Float64Array;
  value: Float64Array;
  /** Nominal sample rate, Hz. */
  rateHz: number;
}

export interface PpgAnalysis extends HeartRateStats {
  rateHz: number;
  /** Beat times (systolic peaks), ms from the first sample. */
  beats: number[];
  windows: WindowSummary[];
  /** Share of the judged windows whose rhythm is irregular, 0..1; null when none was judged. */
  rhythmIrregularity: number | null;
  /** Regular windows the HRV figures (`rmssdMs`, `sdnnMs`) rest on. */
  hrvWindows: number;
}

/**
 * Offline analysis of a whole recording: the streaming detector run over it, then heart rate,
 * HRV and quality over the recording and in 8-s windows every 2 s from the first sample. A
 * recording shorter than one window gets one window over all of it.
 */
export function analyzePpg(rec: PpgRecording): PpgAnalysis {
  let beats: Beat[] = [];
  let blocks: SignalBlock[] = [];
  const detector = new BeatDetector(rec.rateHz, { beat: (b) => beats.push(b), block: (b) => blocks.push(b) });
  // Learn the pulse on the first seconds, then analyse from the start with that knowledge.
  const warmUp = rec.t.findIndex((t) => t - (rec.t[0] as number) >= WARM_UP_MS);
  detector.pushBatch(rec.t.subarray(0, warmUp < 0 ? rec.t.length : warmUp), rec.value);
  detector.rewind();
  beats = [];
  blocks = [];
  detector.pushBatch(rec.t, rec.value);
  detector.flush();

  const n = rec.t.length;
  const t0 = n > 0 ? (rec.t[0] as number) : 0;
  const duration = n > 0 ? (rec.t[n - 1] as number) - t0 + 1000 / rec.rateHz : 0;
  const plausible = plausibleIntervals(beats);
  const intervals = acceptedIntervals(beats, plausible);
  const windows: WindowSummary[] = [];
  const lastStart = Math.max(0, duration - WINDOW_MS);
  for (let s = 0; s <= lastStart + 1e-6; s += WINDOW_STEP_MS) {
    const end = Math.min(s + WINDOW_MS, duration);
    const w = summarizeWindow(beats, intervals, plausible, blocks, t0 + s, t0 + end);
    windows.push({ ...w, start: s, end });
  }
  const judged = windows.filter((w) => w.irregular !== null);
  const regular = judged.filter((w) => w.irregular === false);
  const hrv = heartRateStats(inRegularWindows(beats, intervals, regular, t0));
  return {
    rateHz: rec.rateHz,
    beats: beats.filter(isCleanBeat).map((b) => b.t - t0),
    windows,
    ...heartRateStats(intervals),
    rmssdMs: hrv.rmssdMs,
    sdnnMs: hrv.sdnnMs,
    rhythmIrregularity: judged.length > 0 ? (judged.length - regular.length) / judged.length : null,
    hrvWindows: regular.length,
  };
}

/**
 * The accepted intervals inside at least one regular window: HRV means beat-to-beat variation of
 * a sinus rhythm, which an irregular rhythm's scatter would swamp (windows start at 0, ms).
 */
function inRegularWindows(
  beats: readonly Beat[],
  intervals: readonly Interval[],
  regular: readonly WindowSummary[],
  t0: number,
): Interval[] {
  return intervals.filter((interval) => {
    const from = (beats[interval.end - 1] as Beat).t - t0;
    const to = (beats[interval.end] as Beat).t - t0;
    return regular.some((w) => from >= w.start && to < w.end);
  });
}
