import { currentTrend, type HeartTrack } from './heart.js';
import { DEFAULT_START_TEMPO_BPM, TEMPO_MAX_BPM, TEMPO_MIN_BPM } from './params.js';

/**
 * The iso principle (CLINICAL.md:17-19): meet the listener where they are — a tempo close to the
 * measured heart rate, within 60–80 BPM — then move gradually towards 60.
 */
export function clampTempo(bpm: number): number {
  return Math.min(TEMPO_MAX_BPM, Math.max(TEMPO_MIN_BPM, bpm));
}

/** The start tempo and where it came from: the pulse now, else past sessions, else a default. */
export function isoStartTempo(
  heart: HeartTrack,
  t: number,
  storedBaselineBpm: number | null,
): { bpm: number; source: string } {
  const trend = currentTrend(heart, t);
  if (trend !== null) {
    return { bpm: clampTempo(Math.round(trend)), source: `heart rate ${Math.round(trend)} BPM` };
  }
  if (storedBaselineBpm !== null) {
    const bpm = clampTempo(Math.round(storedBaselineBpm));
    return { bpm, source: `no pulse yet; past baseline ${Math.round(storedBaselineBpm)} BPM` };
  }
  return { bpm: DEFAULT_START_TEMPO_BPM, source: 'no pulse yet, no past sessions' };
}

/** A track may start the playlist if it is at most this much faster than the start tempo. */
const START_TOLERANCE_BPM = 4;

/**
 * Orders a playlist for the iso principle: from the track nearest the start tempo down to the
 * slowest, so the music slows with the glide. Tracks clearly faster than the start are left out:
 * they would break the wind-down. The order is stable for equal tempi.
 */
export function isoPlaylistOrder<T extends { bpm: number }>(tracks: readonly T[], startBpm: number): T[] {
  const limit = clampTempo(startBpm) + START_TOLERANCE_BPM;
  return tracks
    .map((track, i) => ({ track, i }))
    .filter(({ track }) => Number.isFinite(track.bpm) && track.bpm <= limit)
    .sort((a, b) => b.track.bpm - a.track.bpm || a.i - b.i)
    .map(({ track }) => track);
}
