import { describe, expect, it } from 'vitest';
import { MEASURES, scoreMeasure } from '../../../controller/outcomes/score.js';
import { formatIssues } from '../../../shared/format-issues.js';
import {
  diaryScoreSchema,
  gad7ScoreSchema,
  isiScoreSchema,
  phq9ScoreSchema,
  psqiScoreSchema,
} from '../../../shared/schemas/outcomes/index.js';
import { GOOD_SLEEPER } from './psqi-answers.js';

const zeros = (prefix: string, count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i + 1}`, 0]));

describe('scoreMeasure: one way in for the command line and the HTTP API', () => {
  it.each([
    ['psqi', GOOD_SLEEPER, { components: { c1: 0, c2: 0, c3: 0, c4: 0, c5: 0, c6: 0, c7: 0 }, global: 0 }],
    ['isi', zeros('i', 7), { total: 0, band: 'none' }],
    ['gad7', zeros('g', 7), { total: 0, band: 'minimal' }],
    ['phq9', zeros('p', 9), { total: 0, band: 'minimal', self_harm_flag: false }],
    ['diary', { nights: [] }, { timezone: 'UTC', nights: [], weeks: [] }],
  ] as const)('scores %s', (measure, raw, expected) => {
    expect(scoreMeasure(measure, raw)).toEqual({ ok: true, value: expected });
  });

  it('gives what the output schemas (the HTTP API view) accept', () => {
    const outputs = {
      psqi: psqiScoreSchema,
      isi: isiScoreSchema,
      gad7: gad7ScoreSchema,
      phq9: phq9ScoreSchema,
      diary: diaryScoreSchema,
    };
    const night = {
      date: '2026-03-02',
      bedtime: '23:00',
      sol_min: 30,
      awakenings: 1,
      waso_min: 5,
      final_wake: '06:30',
      out_of_bed: '07:00',
      quality: 4,
    };
    const inputs = {
      psqi: GOOD_SLEEPER,
      isi: zeros('i', 7),
      gad7: zeros('g', 7),
      phq9: zeros('p', 9),
      diary: { nights: [night] },
    };
    for (const measure of MEASURES) {
      const scored = scoreMeasure(measure, inputs[measure]);
      expect(scored.ok && outputs[measure].safeParse(scored.value).success, measure).toBe(true);
    }
  });

  it.each(MEASURES)('refuses %s answers that are not an object, with a (root) line', (measure) => {
    const scored = scoreMeasure(measure, 'answers');
    expect(scored.ok).toBe(false);
    if (!scored.ok) expect(formatIssues(scored.error)).toMatch(/^\(root\): /);
  });

  it('refuses a PHQ-9 item 9 that is not a number', () => {
    const scored = scoreMeasure('phq9', { ...zeros('p', 9), p9: 'x' });
    expect(scored.ok ? '' : formatIssues(scored.error)).toBe('p9: expected a whole number from 0 to 3');
  });

  it('refuses a diary night that fails only when scored', () => {
    const night = {
      date: '2026-03-02',
      bedtime: '23:00',
      sol_min: 500,
      awakenings: 0,
      waso_min: 0,
      final_wake: '06:30',
      out_of_bed: '07:00',
    };
    const scored = scoreMeasure('diary', { nights: [night] });
    expect(scored.ok ? '' : formatIssues(scored.error)).toMatch(/^nights\.0\.sol_min: /);
  });

  describe('diary file shapes', () => {
    const night = {
      date: '2026-03-28',
      bedtime: '23:00',
      sol_min: 30,
      awakenings: 2,
      waso_min: 20,
      final_wake: '06:30',
      out_of_bed: '07:00',
    };
    const second = { ...night, date: '2026-03-29', sol_min: 500 };

    it('scores a list document, a bare list and a single night alike', () => {
      const list = scoreMeasure('diary', { timezone: 'Europe/Berlin', nights: [night] });
      expect(list).toMatchObject({
        ok: true,
        value: { timezone: 'Europe/Berlin', nights: [{ tib_min: 420 }] },
      });
      expect(scoreMeasure('diary', { timezone: 'Europe/Berlin', ...night })).toEqual(list);
      expect(scoreMeasure('diary', [night])).toMatchObject({
        ok: true,
        value: { timezone: 'UTC', nights: [{ tib_min: 480 }] },
      });
    });

    it('names the place in the file as given', () => {
      const issues = (raw: unknown) => {
        const scored = scoreMeasure('diary', raw);
        return scored.ok ? '' : formatIssues(scored.error);
      };
      expect(issues({ nights: [night, second] })).toMatch(/^nights\.1\.sol_min: /);
      expect(issues([night, second])).toMatch(/^1\.sol_min: /);
      expect(issues(second)).toMatch(/^sol_min: /);
      expect(
        issues({ ...night, timezone: 'Nowhere/Land', naps: 2 })
          .split('\n')
          .sort(),
      ).toEqual([
        '(root): Unrecognized key: "naps"',
        'timezone: expected an IANA time zone such as Europe/Berlin',
      ]);
    });
  });
});
