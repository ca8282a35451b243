import { describe, expect, it } from 'vitest';
import { formatIssues } from '../../../shared/format-issues.js';
import { coTherapyListSchema, coTherapySchema } from '../../../shared/schemas/outcomes/index.js';

function refusal(raw: unknown): string {
  const parsed = coTherapySchema.safeParse(raw);
  return parsed.success ? '' : formatIssues(parsed.error);
}

describe('co-therapy schema (CLINICAL.md "Co-therapies")', () => {
  it('accepts a medication with its dose, ongoing, and a course of sessions with an end', () => {
    expect(
      coTherapyListSchema.parse([
        { what: ' zolpidem ', kind: 'medication', dose: '5 mg at night', from: '2026-03-01' },
        {
          what: 'acupuncture',
          kind: 'acupuncture',
          dose: 'weekly, 30 min',
          from: '2026-03-01',
          to: '2026-03-01',
        },
        { what: 'relaxation group', kind: 'other', from: '2026-03-01', to: null },
      ]),
    ).toMatchObject([
      { what: 'zolpidem', dose: '5 mg at night' },
      { to: '2026-03-01' },
      { what: 'relaxation group', to: null },
    ]);
  });

  it.each([
    [{ what: 'zolpidem', kind: 'medication', from: '2026-03-01' }, /^dose: a medication needs its dose$/m],
    [
      { what: 'acupuncture', kind: 'acupuncture', from: '2026-03-10', to: '2026-03-09' },
      /^to: ends \(2026-03-09\) before it starts \(2026-03-10\)$/m,
    ],
    [{ what: ' ', kind: 'other', from: '2026-03-01' }, /^what: say what the therapy is$/m],
    [{ what: 'tea', kind: 'herbal', from: '2026-03-01' }, /^kind: /m],
    [{ what: 'tea', kind: 'other', from: '1 March' }, /^from: expected a calendar date YYYY-MM-DD$/m],
  ])('refuses %j', (raw, line) => {
    expect(refusal(raw)).toMatch(line);
  });
});
