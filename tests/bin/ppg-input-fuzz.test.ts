import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readPpgCsv } from '../../bin/ppg-input.js';
import { NocturneError } from '../../shared/errors.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns } from '../helpers/fuzz.js';
import { tempDir } from '../helpers/temp-dir.js';

const cell = fc.oneof(
  fc.double({ noNaN: false }).map(String),
  fc.integer().map(String),
  fc.constantFrom(
    '',
    ' ',
    'ppg',
    'time_ms',
    'Pleth',
    't',
    '2026-01-01T00:00:00Z',
    'NaN',
    '1e999',
    '"',
    '""',
    ';',
  ),
  fc.string({ maxLength: 12 }),
);
const csv = fc.oneof(
  fc
    .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 40 })
    .map((rows) => rows.map((r) => r.join(',')).join('\n')),
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
);
const options = fc.record(
  {
    rateHz: fc.oneof(fc.double(), fc.constantFrom(10, 100, 2000)),
    column: fc.oneof(fc.constantFrom('0', '1', '5', 'ppg', 'PPG', ' pleth '), fc.string({ maxLength: 6 })),
    timeColumn: fc.oneof(fc.constantFrom('0', 't', 'time_ms'), fc.string({ maxLength: 6 })),
  },
  { requiredKeys: [] },
);

describe('analyze-ppg CSV reader under any file (fast-check)', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const dir = tempDir();
  afterAll(() => dir.remove());
  const file = join(dir.path, 'in.csv');

  it('reads finite samples or refuses with a coded bad-input error, never anything else', () => {
    fc.assert(
      fc.property(csv, options, (text, o) => {
        writeFileSync(file, text);
        try {
          const input = readPpgCsv(file, o);
          expect(input.t.length).toBe(input.value.length);
          expect(input.value.every(Number.isFinite)).toBe(true);
          expect(input.t.every(Number.isFinite)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(NocturneError);
          expect((err as NocturneError).code).toMatch(/^E_/);
        }
      }),
      { numRuns: fuzzRuns(), seed: 8 },
    );
  });

  it('reads a very long one-column file (no spread of every row onto the stack)', () => {
    writeFileSync(
      file,
      `${Array.from({ length: 300_000 }, (_, i) => String(Math.sin(i / 10))).join('\n')}\n`,
    );
    expect(readPpgCsv(file, { rateHz: 100 }).value.length).toBe(300_000);
  });
});
