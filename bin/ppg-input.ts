import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { NocturneError, SharedErrorCode, UsageError } from '../shared/errors.js';

/** Sample rates `analyze-ppg` accepts (DESIGN.md "Command line"). */
export const MIN_RATE_HZ = 10;
export const MAX_RATE_HZ = 2000;

export interface PpgInputOptions {
  column?: string;
  timeColumn?: string;
  rateHz?: number;
}

export interface PpgInput {
  /** Sample times, ms from the first sample (as stamped: may jitter). */
  t: Float64Array;
  value: Float64Array;
  /** The given rate, or the mean rate of the time column (gaps left out). */
  rateHz: number;
}

/**
 * Reads a PPG recording for offline analysis: CSV (header optional; names trimmed and matched
 * case-insensitively; an INDEX is 0-based) or one number per line. Sample times come from
 * `rateHz` or from a time column in seconds, in ms (named `*ms*` or `timer`) or ISO date-times.
 * Any problem with the file is a bad-input error with one line that says what to fix.
 */
export function readPpgCsv(file: string, options: PpgInputOptions): PpgInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const rows = parseRows(text, file);
  const header = isHeader(rows[0] as string[]) ? (rows.shift() as string[]) : undefined;
  if (rows.length === 0) throw badInput(`${file} has no samples`);
  // A reduce, not Math.max(...rows): a long recording would overflow the stack.
  const width = rows.reduce((w, r) => Math.max(w, r.length), header?.length ?? 0);
  const names = header ?? [];
  const timeIndex =
    options.timeColumn === undefined
      ? undefined
      : columnIndex(options.timeColumn, names, width, '--time-column');
  const valueIndex =
    options.column === undefined
      ? defaultColumn(names, width, timeIndex)
      : columnIndex(options.column, names, width, '--column');
  const label = (i: number) => (names[i] ? `"${names[i]}"` : `column ${i}`);

  const value = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const cell = row[valueIndex] ?? '';
    const v = cell === '' ? Number.NaN : Number(cell);
    if (!Number.isFinite(v)) {
      throw badInput(`${label(valueIndex)} is not numeric: "${cell}" on data row ${r + 1}`);
    }
    value[r] = v;
  });

  if (timeIndex === undefined) {
    const rateHz = options.rateHz as number;
    return { t: Float64Array.from(value, (_, i) => (i * 1000) / rateHz), value, rateHz };
  }
  const t = parseTimes(rows, timeIndex, names[timeIndex] ?? '', label(timeIndex));
  return { t, value, rateHz: meanRateHz(t, label(timeIndex)) };
}

function parseRows(text: string, file: string): string[][] {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as string[][];
  } catch (err) {
    throw badInput(`${file} is not valid CSV: ${(err as Error).message.split('\n')[0]}`);
  }
  rows = rows.filter((r) => r.some((cell) => cell !== ''));
  if (rows.length === 0) throw badInput(`${file} is empty`);
  return rows;
}

/** A first row with any cell that is neither a number nor a date-time is a header. */
function isHeader(row: readonly string[]): boolean {
  return row.some((cell) => cell !== '' && !Number.isFinite(Number(cell)) && parseIsoMs(cell) === undefined);
}

function columnIndex(spec: string, names: readonly string[], width: number, flag: string): number {
  const wanted = spec.trim().toLowerCase();
  const byName = names.findIndex((n) => n.trim().toLowerCase() === wanted);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(wanted) && Number(wanted) < width) return Number(wanted);
  const known = names.length
    ? ` (columns: ${names.join(', ')})`
    : ` (${width} column${width === 1 ? '' : 's'}, 0-based)`;
  throw new UsageError(`${flag} ${spec}: no such column${known}`);
}

/** The only column (besides the time column), else the one named like ppg/pleth. */
function defaultColumn(names: readonly string[], width: number, timeIndex: number | undefined): number {
  const candidates = [...Array(width).keys()].filter((i) => i !== timeIndex);
  if (candidates.length === 1) return candidates[0] as number;
  const named = candidates.filter((i) => /ppg|pleth/i.test(names[i] ?? ''));
  if (named.length === 1) return named[0] as number;
  throw new UsageError(
    `${candidates.length} columns and ${named.length === 0 ? 'none' : 'more than one'} named like ppg/pleth: give --column NAME|INDEX`,
  );
}

function parseTimes(rows: readonly string[][], index: number, name: string, label: string): Float64Array {
  const first = rows[0]?.[index] ?? '';
  const iso = !Number.isFinite(Number(first)) && parseIsoMs(first) !== undefined;
  const scale = iso || /ms/i.test(name) || name.trim().toLowerCase() === 'timer' ? 1 : 1000;
  const t = new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const cell = row[index] ?? '';
    const v = iso ? parseIsoMs(cell) : cell === '' ? Number.NaN : Number(cell) * scale;
    if (v === undefined || !Number.isFinite(v))
      throw badInput(`time ${label} is not a time: "${cell}" on data row ${r + 1}`);
    t[r] = v;
  });
  const t0 = t[0] as number;
  for (let i = 0; i < t.length; i++) t[i] = (t[i] as number) - t0;
  return t;
}

/**
 * Mean sample rate of a time column: the time per sample over the recording, leaving out gaps
 * (a pause longer than 250 ms or ten samples), so duplicated and jittery stamps average out.
 */
function meanRateHz(t: Float64Array, label: string): number {
  const n = t.length;
  const span = (t[n - 1] as number) - (t[0] as number);
  if (n < 2 || !(span > 0)) throw badInput(`time ${label} does not advance`);
  const rough = span / (n - 1);
  let gaps = 0;
  let gapMs = 0;
  for (let i = 1; i < n; i++) {
    const d = (t[i] as number) - (t[i - 1] as number);
    if (d < -Math.max(250, 10 * rough)) throw badInput(`time ${label} runs backwards on data row ${i + 1}`);
    if (d > Math.max(250, 10 * rough)) {
      gaps++;
      gapMs += d;
    }
  }
  const rateHz = 1000 / ((span - gapMs) / (n - 1 - gaps));
  if (!(rateHz >= MIN_RATE_HZ && rateHz <= MAX_RATE_HZ)) {
    throw badInput(
      `time ${label} gives ${rateHz.toPrecision(3)} Hz, outside ${MIN_RATE_HZ}–${MAX_RATE_HZ} Hz (seconds, or ms if named *ms* or timer)`,
    );
  }
  return rateHz;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** ms since the epoch of an ISO 8601 date-time (space or T; no zone = UTC); undefined if not one. */
export function parseIsoMs(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (frac) ms += Number(frac) * 1000;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.replace(/[+:-]/g, '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(ms) ? ms : undefined;
}

function badInput(message: string): NocturneError {
  return new NocturneError(SharedErrorCode.BadInput, message);
}
