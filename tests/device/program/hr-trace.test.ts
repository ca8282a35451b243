import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heartRateAt, parseHeartRateCsv, readHeartRateCsv } from '../../../device/program/hr-trace.js';
import { NocturneError } from '../../../shared/errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof NocturneError ? err.code : 'not a NocturneError';
  }
  return undefined;
}

describe('heart-rate trace CSV', () => {
  it('reads t_s and bpm in any column order, with gaps as empty cells', () => {
    const points = parseHeartRateCsv('quality, BPM ,T_S\n1,70,0\n0.2,,10\n1,68.5,20\n');
    expect(points).toEqual([
      { tS: 0, bpm: 70 },
      { tS: 10, bpm: null },
      { tS: 20, bpm: 68.5 },
    ]);
  });

  it.each([
    ['', 'empty'],
    ['time,hr\n0,70', 'no t_s/bpm header'],
    ['t_s,bpm\n', 'no rows'],
    ['t_s,bpm\nzero,70', 'a time that is not a number'],
    ['t_s,bpm\n-1,70', 'a negative time'],
    ['t_s,bpm\n5,70\n5,71', 'a time that does not increase'],
    ['t_s,bpm\n0,fast', 'a heart rate that is not a number'],
    ['t_s,bpm\n0,900', 'an impossible heart rate'],
  ])('rejects %j (%s) with E_BAD_INPUT', (text) => {
    expect(codeOf(() => parseHeartRateCsv(text))).toBe('E_BAD_INPUT');
  });

  it('names the file and line, and a missing file is bad input too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nocturne-trace-'));
    try {
      const file = join(dir, 'night.csv');
      writeFileSync(file, 't_s,bpm\n0,70\n1,x\n');
      expect(() => readHeartRateCsv(file)).toThrow(/night\.csv line 3/);
      expect(codeOf(() => readHeartRateCsv(join(dir, 'missing.csv')))).toBe('E_BAD_INPUT');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('interpolates between points; no pulse next to a gap and after the end', () => {
    const points = parseHeartRateCsv('t_s,bpm\n10,70\n20,60\n30,\n40,50');
    expect(heartRateAt(points, 0)).toBe(70);
    expect(heartRateAt(points, 15)).toBe(65);
    expect(heartRateAt(points, 20)).toBe(60);
    expect(heartRateAt(points, 25)).toBeNull();
    expect(heartRateAt(points, 40)).toBe(50);
    expect(heartRateAt(points, 41)).toBeNull();
    expect(heartRateAt([], 1)).toBeNull();
  });
});
