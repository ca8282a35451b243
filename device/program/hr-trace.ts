import { readFileSync } from 'node:fs';
import { NocturneError, SharedErrorCode } from '../../shared/errors.js';

/** One point of a recorded heart-rate trace: seconds from the session start, BPM or no pulse. */
export interface HeartRatePoint {
  tS: number;
  bpm: number | null;
}

const NO_PULSE = new Set(['', 'nan', 'null', 'na', '-']);

/**
 * Parses a heart-rate trace: CSV with a header naming `t_s` and `bpm` (any order, other columns
 * ignored, names trimmed and matched case-insensitively). Times in seconds, increasing; an empty
 * or `NaN` bpm is a stretch without pulse. Bad input throws E_BAD_INPUT with the line.
 */
export function parseHeartRateCsv(text: string, name = 'heart-rate CSV'): HeartRatePoint[] {
  const lines = text.split(/\r?\n/);
  const bad = (line: number, why: string) =>
    new NocturneError(SharedErrorCode.BadInput, `${name} line ${line}: ${why}`);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) throw new NocturneError(SharedErrorCode.BadInput, `${name} is empty`);
  const header = (lines[headerAt] as string).split(',').map((h) => h.trim().toLowerCase());
  const ti = header.indexOf('t_s');
  const bi = header.indexOf('bpm');
  if (ti < 0 || bi < 0) throw bad(headerAt + 1, 'the header must name the columns t_s and bpm');
  const points: HeartRatePoint[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    const tS = Number(cells[ti]);
    if (cells[ti] === undefined || cells[ti] === '' || !Number.isFinite(tS) || tS < 0) {
      throw bad(i + 1, `t_s must be a number of seconds ≥ 0, got "${cells[ti] ?? ''}"`);
    }
    const last = points[points.length - 1];
    if (last && tS <= last.tS) throw bad(i + 1, `t_s must increase (${tS} after ${last.tS})`);
    const raw = cells[bi] ?? '';
    const bpm = NO_PULSE.has(raw.toLowerCase()) ? null : Number(raw);
    if (bpm !== null && (!Number.isFinite(bpm) || bpm < 0 || bpm > 300)) {
      throw bad(i + 1, `bpm must be a heart rate or empty, got "${raw}"`);
    }
    points.push({ tS, bpm });
  }
  if (points.length === 0) throw new NocturneError(SharedErrorCode.BadInput, `${name} has no rows`);
  return points;
}

export function readHeartRateCsv(file: string): HeartRatePoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new NocturneError(SharedErrorCode.BadInput, `cannot read ${file}: ${String(err)}`);
  }
  return parseHeartRateCsv(text, file);
}

/**
 * The trace's heart rate at `tS`: linear between points, held before the first, no pulse after
 * the last or next to a point without pulse.
 */
export function heartRateAt(points: readonly HeartRatePoint[], tS: number): number | null {
  const first = points[0];
  if (!first) return null;
  if (tS <= first.tS) return first.bpm;
  let lo = 0;
  let hi = points.length - 1;
  if (tS > (points[hi] as HeartRatePoint).tS) return null;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as HeartRatePoint).tS <= tS) lo = mid;
    else hi = mid;
  }
  const a = points[lo] as HeartRatePoint;
  const b = points[hi] as HeartRatePoint;
  if (tS === a.tS) return a.bpm;
  if (tS === b.tS) return b.bpm;
  if (a.bpm === null || b.bpm === null) return null;
  return a.bpm + ((b.bpm - a.bpm) * (tS - a.tS)) / (b.tS - a.tS);
}
