import fc from 'fast-check';
import { MAX_PAYLOAD_BYTES } from '../../shared/limits.js';

/**
 * Inputs per fuzz property: 10,000 in CI (CI is set); 1,500 on a developer's machine, which
 * keeps the whole fuzz run under about a minute on two shared cores. NOCTURNE_FUZZ_RUNS overrides.
 */
export const FUZZ_RUNS = Number(process.env.NOCTURNE_FUZZ_RUNS ?? (process.env.CI ? 10_000 : 1_500));

/** For properties whose every input is costly (a real database write, an HTTP round trip). */
export function fuzzRuns(share = 1): number {
  return Math.max(1, Math.round(FUZZ_RUNS * share));
}

/** JSON text nested `depth` levels deep, as arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/**
 * Hostile payloads for any JSON boundary: deep nesting put into a real field, one just over
 * the size limit (valid JSON padded, or junk), and long strings in a field.
 */
export function hostilePayload(valid: Record<string, unknown>): fc.Arbitrary<Buffer> {
  const keys = Object.keys(valid);
  const body = JSON.stringify(valid);
  return fc.oneof(
    fc
      .tuple(
        fc.constantFrom(...keys),
        fc.integer({ min: 100, max: 10_000 }),
        fc.constantFrom('array', 'object'),
      )
      .map(([k, depth, kind]) =>
        Buffer.from(`${body.slice(0, -1)},${JSON.stringify(k)}:${deepJson(depth, kind as 'array')}}`),
      ),
    fc
      .integer({ min: 1, max: MAX_PAYLOAD_BYTES })
      .map((extra) =>
        Buffer.from(`${body.slice(0, -1)},"pad":"${'x'.repeat(MAX_PAYLOAD_BYTES + extra - body.length)}"}`),
      ),
    fc.integer({ min: MAX_PAYLOAD_BYTES + 1, max: 4 * MAX_PAYLOAD_BYTES }).map((n) => Buffer.alloc(n, 0x5b)),
    fc
      .tuple(fc.constantFrom(...keys), fc.integer({ min: 1000, max: 30_000 }))
      .map(([k, n]) => Buffer.from(JSON.stringify({ ...valid, [k]: 'é'.repeat(n) }))),
  );
}

/** A fuzz test's time-out: room for FUZZ_RUNS inputs on a loaded machine (vitest's 30 s otherwise). */
export const FUZZ_TIMEOUT_MS = Math.max(30_000, FUZZ_RUNS * 20);
