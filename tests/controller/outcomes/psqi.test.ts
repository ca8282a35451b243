import { describe, expect, it } from 'vitest';
import { latencyMinutesScore, scorePsqi } from '../../../controller/outcomes/psqi.js';
import { formatIssues } from '../../../shared/format-issues.js';
import { psqiAnswersSchema } from '../../../shared/schemas/outcomes/index.js';
import { disturbancesSumming, GOOD_SLEEPER } from './psqi-answers.js';

function score(changes: Record<string, unknown>) {
  return scorePsqi(psqiAnswersSchema.parse({ ...GOOD_SLEEPER, ...changes }));
}

function refusal(changes: Record<string, unknown>): string {
  const parsed = psqiAnswersSchema.safeParse({ ...GOOD_SLEEPER, ...changes });
  return parsed.success ? '' : formatIssues(parsed.error);
}

describe('PSQI scoring (CLINICAL.md "Outcome measures")', () => {
  it('scores a complete hand-computed example', () => {
    // In bed 23:30–06:30 = 7 h; C2: 45 min → 2, + 5a 2 = 4 → 2; C3: 5.5 h → 2; C4: 5.5 / 7 = 78.6 % → 1;
    // C5: 3+2+0+1+0+0+2+1 + described 5j 2 = 11 → 2; C1 = 2; C6 = 1; C7: 1 + 2 = 3 → 2. Global 12.
    const result = score({
      bed: '23:30',
      rise: '06:30',
      latency_min: 45,
      q5a: 2,
      sleep_h: 5.5,
      q5b: 3,
      q5c: 2,
      q5d: 0,
      q5e: 1,
      q5f: 0,
      q5g: 0,
      q5h: 2,
      q5i: 1,
      q5j: 2,
      q5j_described: true,
      q6: 2,
      q7: 1,
      q8: 1,
      q9: 2,
    });
    expect(result).toEqual({ components: { c1: 2, c2: 2, c3: 2, c4: 1, c5: 2, c6: 1, c7: 2 }, global: 12 });
  });

  it('scores all zeros for a good sleeper', () => {
    expect(score({})).toEqual({ components: { c1: 0, c2: 0, c3: 0, c4: 0, c5: 0, c6: 0, c7: 0 }, global: 0 });
  });

  it.each([
    [0, 0],
    [15, 0],
    [15.5, 1],
    [16, 1],
    [30, 1],
    [31, 2],
    [60, 2],
    [61, 3],
    [720, 3],
  ])('item 2 latency: %s min scores %i before 5a is added', (minutes, points) => {
    expect(latencyMinutesScore(minutes)).toBe(points);
  });

  it.each([
    // [minutes, 5a, C2]: 5a chosen so that each latency boundary shows in the banded sum
    [15, 0, 0], // 0 + 0 = 0 → 0
    [16, 0, 1], // 1 + 0 = 1 → 1
    [30, 1, 1], // 1 + 1 = 2 → 1
    [31, 1, 2], // 2 + 1 = 3 → 2
    [60, 2, 2], // 2 + 2 = 4 → 2
    [61, 2, 3], // 3 + 2 = 5 → 3
    [60, 0, 1], // 2 + 0 = 2 → 1
    [61, 0, 2], // 3 + 0 = 3 → 2
  ])('C2 latency: %s min with 5a = %i scores %i', (minutes, q5a, c2) => {
    expect(score({ latency_min: minutes, q5a }).components.c2).toBe(c2);
  });

  it.each([
    // [minutes, 5a, sum of the two scores, C2]
    [15, 1, 1, 1],
    [16, 1, 2, 1],
    [30, 2, 3, 2],
    [31, 2, 4, 2],
    [60, 3, 5, 3],
    [61, 3, 6, 3],
    [15, 3, 3, 2],
  ])('C2 latency: %s min with 5a = %i sums to %i and scores %i', (minutes, q5a, _sum, c2) => {
    expect(score({ latency_min: minutes, q5a }).components.c2).toBe(c2);
  });

  it('counts item 5a in latency and not in disturbances', () => {
    const result = score({ q5a: 3 });
    expect(result.components.c2).toBe(2); // 10 min → 0, + 3 = 3 → 2
    expect(result.components.c5).toBe(0); // 5b–5j all 0: 5a would have made it 1
  });

  it.each([
    [8, 0],
    [7, 0], // exactly 7 h scores 0: the common convention CLINICAL.md documents
    [6.99, 1],
    [6, 1],
    [5.99, 2],
    [5, 2],
    [4.99, 3],
    [0, 3],
  ])('C3 duration: %s h scores %i', (hours, c3) => {
    expect(score({ sleep_h: hours }).components.c3).toBe(c3);
  });

  it.each([
    // 10 h in bed, 21:00–07:00: sleep h × 10 = efficiency %
    [10, 0],
    [8.5, 0], // 85 %
    [8.49, 1], // 84.9 %
    [7.5, 1], // 75 %
    [7.49, 2], // 74.9 %
    [6.5, 2], // 65 %
    [6.49, 3], // 64.9 %
    [0, 3],
  ])('C4 efficiency: %s h asleep in 10 h in bed scores %i', (hours, c4) => {
    expect(score({ bed: '21:00', rise: '07:00', sleep_h: hours }).components.c4).toBe(c4);
  });

  it.each([
    // time in bed across midnight and not; each case is exactly 85 % (floating point must not move it)
    ['23:00', '07:00', 6.8],
    ['22:30', '06:00', 6.375],
    ['00:30', '07:30', 5.95],
    ['13:00', '20:00', 5.95],
    ['21:10', '05:50', 442 / 60],
    ['21:30', '07:00', 8.075], // computed plainly this is 84.99999999999999 %
    ['02:15', '07:00', 4.0375], // likewise
  ])('C4 efficiency: in bed %s–%s, %s h asleep is exactly 85 % and scores 0', (bed, rise, hours) => {
    expect(score({ bed, rise, sleep_h: hours }).components.c4).toBe(0);
  });

  it('C4 takes time in bed across midnight: 22:00–06:00 is 8 h, 06:00–22:00 is 16 h', () => {
    expect(score({ bed: '22:00', rise: '06:00', sleep_h: 6 }).components.c4).toBe(1); // 75 %
    expect(score({ bed: '06:00', rise: '22:00', sleep_h: 6 }).components.c4).toBe(3); // 37.5 %
  });

  it.each([
    [0, 0],
    [1, 1],
    [9, 1],
    [10, 2],
    [18, 2],
    [19, 3],
    [27, 3],
  ])('C5 disturbances: items 5b–5j summing to %i score %i', (sum, c5) => {
    expect(score(disturbancesSumming(sum)).components.c5).toBe(c5);
  });

  it('counts an undescribed 5j as 0', () => {
    // 5b–5i sum 9 (→ 1); 5j = 3 would make 12 (→ 2) if it counted
    const nine = { ...disturbancesSumming(9), q5j: 3 };
    expect(score({ ...nine, q5j_described: false }).components.c5).toBe(1);
    expect(score({ ...nine, q5j_described: null }).components.c5).toBe(1);
    const { q5j_described: _, ...withoutFlag } = { ...GOOD_SLEEPER, ...nine };
    expect(scorePsqi(psqiAnswersSchema.parse(withoutFlag)).components.c5).toBe(1);
    expect(score({ ...nine, q5j_described: true }).components.c5).toBe(2);
    // undescribed, so its missing answer does not matter either
    expect(score({ q5j: null, q5j_described: false }).components.c5).toBe(0);
  });

  it('makes C5 null when a described 5j has no answer', () => {
    expect(score({ q5j: null, q5j_described: true })).toMatchObject({
      components: { c5: null },
      global: null,
    });
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 3],
    [6, 3],
  ])('C7 daytime: items 8 + 9 summing to %i score %i', (sum, c7) => {
    const q8 = Math.min(3, sum);
    expect(score({ q8, q9: sum - q8 }).components.c7).toBe(c7);
  });

  it('takes C1 from item 6 and C6 from item 7', () => {
    for (const v of [0, 1, 2, 3]) {
      expect(score({ q6: v, q7: 3 - v }).components).toMatchObject({ c1: v, c6: 3 - v });
    }
  });

  it.each([
    ['bed', ['c4']],
    ['rise', ['c4']],
    ['latency_min', ['c2']],
    ['sleep_h', ['c3', 'c4']],
    ['q5a', ['c2']],
    ['q5b', ['c5']],
    ['q5i', ['c5']],
    ['q6', ['c1']],
    ['q7', ['c6']],
    ['q8', ['c7']],
    ['q9', ['c7']],
  ])('a missing %s makes %j and the global score null, never 0', (name, nulls) => {
    for (const missing of [{ ...GOOD_SLEEPER, [name]: null }, omit(name)]) {
      const result = scorePsqi(psqiAnswersSchema.parse(missing));
      expect(result.global).toBeNull();
      for (const [c, value] of Object.entries(result.components)) {
        expect(value, c).toBe(nulls.includes(c) ? null : 0);
      }
    }
  });

  it.each([
    [{ sleep_h: 8.01 }, /^sleep_h: 8.01 h of sleep is more than the 8 h in bed/m],
    [{ bed: '23:00', rise: '23:00' }, /^rise: .*no time in bed/m],
    [{ bed: '7:00' }, /^bed: expected a time HH:MM/m],
    [{ rise: '24:00' }, /^rise: expected a time HH:MM/m],
    [{ bed: '23:60' }, /^bed: expected a time HH:MM/m],
    [{ latency_min: -1 }, /^latency_min: expected minutes from 0 to 720/m],
    [{ sleep_h: 25 }, /^sleep_h: expected hours from 0 to 24/m],
    [{ q5c: 4 }, /^q5c: expected a whole number from 0 to 3/m],
    [{ q6: 1.5 }, /^q6: expected a whole number from 0 to 3/m],
    [{ q7: '2' }, /^q7: expected a whole number from 0 to 3/m],
    [{ q10: 1 }, /^\(root\): Unrecognized key: "q10"/m],
  ])('refuses the impossible answer %j', (changes, line) => {
    expect(refusal(changes)).toMatch(line);
  });

  it('accepts sleep equal to the time in bed (100 %), float noise included', () => {
    expect(score({ sleep_h: 8 }).components.c4).toBe(0);
    // 8.05 h × 60 is 483.00000000000006 min in floating point: still the 483 min from 23:00 to 07:03
    expect(score({ bed: '23:00', rise: '07:03', sleep_h: 8.05 }).components.c4).toBe(0);
  });
});

function omit(name: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...GOOD_SLEEPER };
  delete copy[name];
  return copy;
}
