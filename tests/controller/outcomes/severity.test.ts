import { describe, expect, it } from 'vitest';
import { scoreGad7 } from '../../../controller/outcomes/gad7.js';
import { scoreIsi } from '../../../controller/outcomes/isi.js';
import { scorePhq9 } from '../../../controller/outcomes/phq9.js';
import { formatIssues } from '../../../shared/format-issues.js';
import {
  gad7AnswersSchema,
  isiAnswersSchema,
  phq9AnswersSchema,
} from '../../../shared/schemas/outcomes/index.js';

/** Answers `prefix`1…`prefix`count, filled in order up to `max` each, adding up to `total`. */
function answersSumming(prefix: string, count: number, max: number, total: number): Record<string, number> {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= count; i++) {
    answers[`${prefix}${i}`] = Math.min(max, left);
    left -= Math.min(max, left);
  }
  if (left !== 0) throw new Error(`cannot reach ${total}`);
  return answers;
}

function refusal(
  schema: typeof isiAnswersSchema | typeof gad7AnswersSchema | typeof phq9AnswersSchema,
  raw: unknown,
) {
  const parsed = schema.safeParse(raw);
  return parsed.success ? '' : formatIssues(parsed.error);
}

describe('ISI (Bastien 2001)', () => {
  it.each([
    [0, 'none'],
    [7, 'none'],
    [8, 'subthreshold'],
    [14, 'subthreshold'],
    [15, 'moderate'],
    [21, 'moderate'],
    [22, 'severe'],
    [28, 'severe'],
  ])('a total of %i is %s', (total, band) => {
    expect(scoreIsi(isiAnswersSchema.parse(answersSumming('i', 7, 4, total)))).toEqual({ total, band });
  });

  it('sums a mixed example by hand: 3+2+4+1+0+2+3 = 15, moderate', () => {
    const answers = { i1: 3, i2: 2, i3: 4, i4: 1, i5: 0, i6: 2, i7: 3 };
    expect(scoreIsi(isiAnswersSchema.parse(answers))).toEqual({ total: 15, band: 'moderate' });
  });

  it('gives no total and no band when an item is missing, never a partial sum', () => {
    const { i4: _, ...six } = answersSumming('i', 7, 4, 28);
    expect(scoreIsi(isiAnswersSchema.parse(six))).toEqual({ total: null, band: null });
    expect(scoreIsi(isiAnswersSchema.parse({ ...six, i4: null }))).toEqual({ total: null, band: null });
  });

  it('refuses answers out of range, fractional or unknown', () => {
    const full = answersSumming('i', 7, 4, 10);
    expect(refusal(isiAnswersSchema, { ...full, i2: 5 })).toMatch(
      /^i2: expected a whole number from 0 to 4$/m,
    );
    expect(refusal(isiAnswersSchema, { ...full, i3: 2.5 })).toMatch(/^i3: /m);
    expect(refusal(isiAnswersSchema, { ...full, i8: 1 })).toMatch(/Unrecognized key: "i8"/);
  });
});

describe('GAD-7 (Spitzer 2006)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [19, 'severe'],
    [20, 'severe'],
    [21, 'severe'],
  ])('a total of %i is %s (no moderately severe band)', (total, band) => {
    expect(scoreGad7(gad7AnswersSchema.parse(answersSumming('g', 7, 3, total)))).toEqual({ total, band });
  });

  it('gives no total when an item is missing and refuses an answer of 4', () => {
    const { g7: _, ...six } = answersSumming('g', 7, 3, 18);
    expect(scoreGad7(gad7AnswersSchema.parse(six))).toEqual({ total: null, band: null });
    expect(refusal(gad7AnswersSchema, { ...six, g7: 4 })).toMatch(
      /^g7: expected a whole number from 0 to 3$/m,
    );
  });
});

describe('PHQ-9 (Kroenke 2001)', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately_severe'],
    [19, 'moderately_severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('a total of %i is %s', (total, band) => {
    // item 9 is filled last, so below 25 the self-harm flag stays down
    const result = scorePhq9(phq9AnswersSchema.parse(answersSumming('p', 9, 3, total)));
    expect(result).toEqual({ total, band, self_harm_flag: total > 24 });
  });

  it.each([
    [0, false],
    [1, true],
    [2, true],
    [3, true],
  ])('flags self-harm when item 9 is %i, whatever the total', (p9, flag) => {
    const answers = { p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0, p9 };
    expect(scorePhq9(phq9AnswersSchema.parse(answers))).toEqual({
      total: p9,
      band: 'minimal',
      self_harm_flag: flag,
    });
  });

  it('keeps the flag when another item is missing and the total is null', () => {
    const answers = { p1: 0, p2: 1, p3: 2, p4: 0, p5: 0, p6: 0, p7: 0, p9: 1 };
    expect(scorePhq9(phq9AnswersSchema.parse(answers))).toEqual({
      total: null,
      band: null,
      self_harm_flag: true,
    });
  });

  it('refuses a PHQ-9 without item 9: it decides the caregiver alert', () => {
    const answers = { p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0 };
    expect(refusal(phq9AnswersSchema, answers)).toMatch(/^p9: required/m);
    expect(refusal(phq9AnswersSchema, { ...answers, p9: null })).toMatch(/^p9: required/m);
  });
});
