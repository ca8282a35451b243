import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scorePsqi } from '../../../controller/outcomes/psqi.js';
import {
  type PsqiAnswers,
  psqiAnswersSchema,
  psqiScoreSchema,
} from '../../../shared/schemas/outcomes/index.js';

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** An answer that may be missing (null or left out). */
function maybe<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof({ weight: 6, arbitrary: arb }, fc.constant(null), fc.constant(undefined));
}

const item = maybe(fc.integer({ min: 0, max: 3 }));

/** Possible answers: sleep never longer than the time in bed. */
const answersArb = fc
  .record({
    bedMin: fc.integer({ min: 0, max: 1439 }),
    inBedMin: fc.integer({ min: 1, max: 1439 }),
    sleepShare: fc.double({ min: 0, max: 1, noNaN: true }),
    hasBed: fc.boolean(),
    hasRise: fc.boolean(),
    hasSleep: fc.boolean(),
    latency_min: maybe(fc.double({ min: 0, max: 720, noNaN: true })),
    q5a: item,
    q5b: item,
    q5c: item,
    q5d: item,
    q5e: item,
    q5f: item,
    q5g: item,
    q5h: item,
    q5i: item,
    q5j: item,
    q5j_described: maybe(fc.boolean()),
    q6: item,
    q7: item,
    q8: item,
    q9: item,
  })
  .map(({ bedMin, inBedMin, sleepShare, hasBed, hasRise, hasSleep, ...items }) => {
    const answers: Record<string, unknown> = { ...items };
    if (hasBed) answers.bed = hhmm(bedMin);
    if (hasRise) answers.rise = hhmm((bedMin + inBedMin) % 1440);
    if (hasSleep) answers.sleep_h = Math.min(24, (inBedMin / 60) * sleepShare);
    return answers;
  });

/** The items each component needs (5j only when it is described). */
function needs(a: PsqiAnswers): Record<string, unknown[]> {
  return {
    c1: [a.q6],
    c2: [a.latency_min, a.q5a],
    c3: [a.sleep_h],
    c4: [a.sleep_h, a.bed, a.rise],
    c5: [a.q5b, a.q5c, a.q5d, a.q5e, a.q5f, a.q5g, a.q5h, a.q5i, a.q5j_described === true ? a.q5j : 0],
    c6: [a.q7],
    c7: [a.q8, a.q9],
  };
}

describe('PSQI properties', () => {
  it('every possible answer set is accepted by the schema', () => {
    fc.assert(fc.property(answersArb, (raw) => psqiAnswersSchema.safeParse(raw).success));
  });

  it('each component is 0–3, null exactly when an item it needs is missing; the global is their sum or null', () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        const answers = psqiAnswersSchema.parse(raw);
        const score = scorePsqi(answers);
        expect(psqiScoreSchema.safeParse(score).success).toBe(true);
        const { components, global } = score;
        const required = needs(answers);
        for (const [name, value] of Object.entries(components)) {
          const missing = (required[name] ?? []).some((v) => v == null);
          if (missing) expect(value, name).toBeNull();
          else expect([0, 1, 2, 3], name).toContain(value);
        }
        const values = Object.values(components);
        if (values.some((v) => v === null)) expect(global).toBeNull();
        else expect(global).toBe(values.reduce<number>((s, v) => s + (v as number), 0));
        if (global !== null) expect(global).toBeGreaterThanOrEqual(0);
        if (global !== null) expect(global).toBeLessThanOrEqual(21);
      }),
      { numRuns: 2000 },
    );
  });

  it('never scores more sleep than time in bed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 1439 }),
        fc.integer({ min: 1, max: 600 }),
        (bedMin, inBedMin, extraMin) => {
          const sleep_h = (inBedMin + extraMin) / 60;
          if (sleep_h > 24) return;
          const parsed = psqiAnswersSchema.safeParse({
            bed: hhmm(bedMin),
            rise: hhmm((bedMin + inBedMin) % 1440),
            sleep_h,
          });
          expect(parsed.success).toBe(false);
          expect(parsed.error?.issues[0]?.path).toEqual(['sleep_h']);
        },
      ),
    );
  });
});
