import { median } from './baseline.js';
import { PULSE_LOST_MS } from './params.js';

/** Plausible adult heart rates; anything outside is no pulse. */
const MIN_BPM = 30;
const MAX_BPM = 200;
/** A sample shows the latest estimate while it is this fresh. */
const FRESH_MS = 10_000;
/**
 * The trend follows the median of the last trusted estimates, so one odd window (an irregular
 * rhythm's run of short or missed beats) cannot pull it: a median of 3 ignores any single one.
 */
const MEDIAN_OF = 3;

/** What the program knows of the pulse: the latest estimate, the last trusted one, the trend. */
export interface HeartTrack {
  lastT: number | null;
  lastBpm: number | null;
  lastQuality: number;
  lastTrusted: boolean;
  lastValidT: number | null;
  /** The last trusted estimates (at most 3) whose median feeds the trend. */
  recent: readonly number[];
  /** Exponentially smoothed median of the trusted heart rate; restarts after a lost pulse. */
  trend: number | null;
  trendSinceT: number | null;
}

export const emptyHeart: HeartTrack = {
  lastT: null,
  lastBpm: null,
  lastQuality: 0,
  lastTrusted: false,
  lastValidT: null,
  recent: [],
  trend: null,
  trendSinceT: null,
};

/** An estimate the program acts on: a plausible rate with at least the configured quality (CLINICAL.md:38). */
export function isTrusted(bpm: number | null, quality: number, minQuality: number): bpm is number {
  return bpm !== null && Number.isFinite(bpm) && bpm >= MIN_BPM && bpm <= MAX_BPM && quality >= minQuality;
}

/**
 * Takes one estimate. The trend is an EMA with time constant `tauMs` over the running median of
 * the last three trusted estimates (robust when the rhythm is irregular); after a lost pulse it
 * restarts from the first new value rather than blend in a stale one.
 */
export function observeHeart(
  heart: HeartTrack,
  t: number,
  bpm: number | null,
  quality: number,
  minQuality: number,
  tauMs: number,
): HeartTrack {
  const q = Number.isFinite(quality) ? Math.min(1, Math.max(0, quality)) : 0;
  const trusted = isTrusted(bpm, q, minQuality);
  const next: HeartTrack = {
    ...heart,
    lastT: t,
    lastBpm: trusted ? bpm : null,
    lastQuality: q,
    lastTrusted: trusted,
  };
  if (!trusted) return next;
  const stale = heart.trend === null || heart.lastValidT === null || t - heart.lastValidT >= PULSE_LOST_MS;
  if (stale) return { ...next, lastValidT: t, recent: [bpm], trend: bpm, trendSinceT: t };
  const recent = [...heart.recent, bpm].slice(-MEDIAN_OF);
  const dt = Math.max(0, t - (heart.lastValidT as number));
  const alpha = 1 - Math.exp(-dt / tauMs);
  const trend = heart.trend as number;
  return { ...next, lastValidT: t, recent, trend: trend + alpha * (median(recent) - trend) };
}

/** The trend, or null when the pulse is lost. */
export function currentTrend(heart: HeartTrack, t: number): number | null {
  if (heart.lastValidT === null || t - heart.lastValidT >= PULSE_LOST_MS) return null;
  return heart.trend;
}

/** The trend has had one time constant of data: a fair figure for the minimum heart rate. */
export function trendSettled(heart: HeartTrack, t: number, tauMs: number): boolean {
  return heart.trendSinceT !== null && t - heart.trendSinceT >= tauMs && currentTrend(heart, t) !== null;
}

/** The latest estimate as a sample shows it: null / quality 0 when there is none or it is stale. */
export function latestEstimate(heart: HeartTrack, t: number): { bpm: number | null; quality: number } {
  if (heart.lastT === null || t - heart.lastT > FRESH_MS) return { bpm: null, quality: 0 };
  return { bpm: heart.lastTrusted ? heart.lastBpm : null, quality: heart.lastQuality };
}
