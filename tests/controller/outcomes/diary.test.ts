import { describe, expect, it } from 'vitest';
import { scoreDiary, scoreDiaryNight } from '../../../controller/outcomes/diary.js';
import { formatIssues } from '../../../shared/format-issues.js';
import {
  type DiaryNight,
  diaryListSchema,
  diaryNightSchema,
} from '../../../shared/schemas/outcomes/index.js';

const NIGHT = {
  date: '2026-03-02',
  bedtime: '23:00',
  sol_min: 30,
  awakenings: 2,
  waso_min: 20,
  final_wake: '06:30',
  out_of_bed: '07:00',
  quality: 3,
} satisfies DiaryNight;

function night(changes: Partial<DiaryNight> = {}, zone = 'UTC') {
  const scored = scoreDiaryNight(diaryNightSchema.parse({ ...NIGHT, ...changes }), zone);
  if (!scored.ok) throw new Error(JSON.stringify(scored.issues));
  return scored.value;
}

function diary(nights: unknown[], timezone?: string) {
  const scored = scoreDiary(diaryListSchema.parse({ timezone, nights }));
  if (!scored.ok) throw new Error(formatIssues(scored.error));
  return scored.value;
}

function refusal(raw: unknown): string {
  const parsed = diaryListSchema.safeParse(raw);
  if (!parsed.success) return formatIssues(parsed.error);
  const scored = scoreDiary(parsed.data);
  return scored.ok ? '' : formatIssues(scored.error);
}

describe('Consensus Sleep Diary, one night', () => {
  it('derives TIB, TST, SOL, WASO, SE and quality by hand', () => {
    // bed 23:00 → out 07:00 = 480 min; bed → final wake 06:30 = 450, less 30 + 20 = 400 asleep; 400 / 480 = 83.3 %
    expect(night()).toEqual({
      date: '2026-03-02',
      tib_min: 480,
      tst_min: 400,
      sol_min: 30,
      waso_min: 20,
      awakenings: 2,
      se_pct: 83.3,
      quality: 3,
    });
  });

  it('puts a bedtime after midnight on the morning after the evening date', () => {
    // night of 2 March, to bed 00:30 on 3 March, final wake 06:30 = 360 min, out 07:00 = 390 min
    expect(night({ bedtime: '00:30' })).toMatchObject({ tib_min: 390, tst_min: 310, se_pct: 79.5 });
  });

  it('takes a day sleep (night shift) without crossing midnight', () => {
    expect(night({ bedtime: '13:00', final_wake: '19:00', out_of_bed: '19:30' })).toMatchObject({
      tib_min: 390,
      tst_min: 310,
    });
  });

  it('lets final wake equal out of bed and keeps a missing quality null', () => {
    const { quality: _, ...unrated } = NIGHT;
    const scored = scoreDiaryNight(diaryNightSchema.parse({ ...unrated, out_of_bed: '06:30' }), 'UTC');
    expect(scored).toMatchObject({
      ok: true,
      value: { tib_min: 450, tst_min: 400, se_pct: 88.9, quality: null },
    });
  });

  it('counts the real length of a night across a DST change in the patient zone', () => {
    // Europe/Berlin: clocks go forward on 29 March 2026 and back on 25 October 2026
    expect(night({ date: '2026-03-28' }, 'Europe/Berlin')).toMatchObject({ tib_min: 420, tst_min: 340 });
    expect(night({ date: '2026-10-24' }, 'Europe/Berlin')).toMatchObject({ tib_min: 540, tst_min: 460 });
    expect(night({ date: '2026-03-28' }, 'UTC')).toMatchObject({ tib_min: 480, tst_min: 400 });
    // the night before the change is an ordinary one
    expect(night({ date: '2026-03-27' }, 'Europe/Berlin')).toMatchObject({ tib_min: 480 });
  });

  it.each([
    [
      { sol_min: 400, waso_min: 60 },
      /^nights\.0\.sol_min: sol_min \+ waso_min \(460 min\) exceed the 450 min from bedtime to final wake$/m,
    ],
    [
      { awakenings: 0, waso_min: 10 },
      /^nights\.0\.waso_min: minutes awake after sleep onset without any awakening$/m,
    ],
    [{ out_of_bed: '23:30' }, /^nights\.0\.out_of_bed: 24.5 h from bedtime to out of bed: more than a day$/m],
    [{ bedtime: '7:00' }, /^nights\.0\.bedtime: expected a time HH:MM/m],
    [{ final_wake: '06:75' }, /^nights\.0\.final_wake: expected a time HH:MM/m],
    [{ sol_min: -5 }, /^nights\.0\.sol_min: expected minutes from 0 to 720$/m],
    [{ awakenings: 1.5 }, /^nights\.0\.awakenings: expected a whole number/m],
    [
      { quality: 0 },
      /^nights\.0\.quality: expected a whole number from 1 \(very poor\) to 5 \(very good\)$/m,
    ],
    [{ date: '2026-02-30' }, /^nights\.0\.date: expected a calendar date YYYY-MM-DD$/m],
    [{ naps: 1 }, /^nights\.0: Unrecognized key: "naps"$/m],
  ])('refuses the impossible night %j', (changes, line) => {
    expect(refusal({ nights: [{ ...NIGHT, ...changes }] })).toMatch(line);
  });

  it('refuses an out of bed equal to bedtime: no time in bed', () => {
    expect(
      refusal({ nights: [{ ...NIGHT, final_wake: '23:00', out_of_bed: '23:00', sol_min: 0, waso_min: 0 }] }),
    ).toMatch(/^nights\.0\.out_of_bed: out of bed at bedtime: no time in bed$/m);
  });

  it('accepts sleep onset and wake filling the whole night (TST 0)', () => {
    expect(night({ sol_min: 430, waso_min: 20 })).toMatchObject({ tst_min: 0, se_pct: 0 });
  });
});

describe('Consensus Sleep Diary, weekly means', () => {
  it('averages the nights of each ISO week (Monday to Sunday), in week order', () => {
    const result = diary(
      [
        { ...NIGHT, date: '2026-03-08', sol_min: 60, quality: 1 }, // Sunday: week 10, TST 370, SE 77.1
        { ...NIGHT, date: '2026-03-02', sol_min: 10, quality: null }, // Monday: week 10, TST 420, SE 87.5
        { ...NIGHT, date: '2026-03-09' }, // Monday: week 11
      ],
      'Europe/Berlin',
    );
    expect(result.nights.map((n) => n.date)).toEqual(['2026-03-02', '2026-03-08', '2026-03-09']);
    expect(result.weeks).toEqual([
      {
        week: '2026-W10',
        nights: 2,
        tib_min: 480,
        tst_min: 395,
        sol_min: 35,
        waso_min: 20,
        se_pct: 82.3,
        quality: 1,
        quality_nights: 1,
      },
      {
        week: '2026-W11',
        nights: 1,
        tib_min: 480,
        tst_min: 400,
        sol_min: 30,
        waso_min: 20,
        se_pct: 83.3,
        quality: 3,
        quality_nights: 1,
      },
    ]);
  });

  it('uses the ISO week-year at the turn of the year', () => {
    // 2026 has 53 ISO weeks: 31 Dec 2026 (Thu) and 3 Jan 2027 (Sun) are 2026-W53; 4 Jan 2027 is 2027-W01
    const result = diary([
      { ...NIGHT, date: '2026-12-31' },
      { ...NIGHT, date: '2027-01-03' },
      { ...NIGHT, date: '2027-01-04' },
    ]);
    expect(result.weeks.map((w) => [w.week, w.nights])).toEqual([
      ['2026-W53', 2],
      ['2027-W01', 1],
    ]);
  });

  it('defaults the time zone to UTC and gives no weeks for no nights', () => {
    expect(diary([])).toEqual({ timezone: 'UTC', nights: [], weeks: [] });
  });

  it('refuses two entries for one night and an unknown time zone', () => {
    expect(refusal({ nights: [NIGHT, NIGHT] })).toMatch(
      /^nights\.1\.date: a second entry for the night of 2026-03-02$/m,
    );
    expect(refusal({ timezone: 'Mars/Olympus', nights: [] })).toMatch(
      /^timezone: expected an IANA time zone/m,
    );
  });

  it('names every impossible night by its index', () => {
    const text = refusal({
      nights: [
        NIGHT,
        { ...NIGHT, date: '2026-03-03', sol_min: 500 },
        { ...NIGHT, date: '2026-03-04', waso_min: 500 },
      ],
    });
    expect(text.split('\n')).toEqual([
      expect.stringMatching(/^nights\.1\.sol_min: /),
      expect.stringMatching(/^nights\.2\.sol_min: /),
    ]);
  });
});
