import type { PsqiAnswers } from '../../../shared/schemas/outcomes/index.js';

/** PSQI answers that score 0 on every component: 8 h in bed across midnight, 7.5 h asleep. */
export const GOOD_SLEEPER = {
  bed: '23:00',
  latency_min: 10,
  rise: '07:00',
  sleep_h: 7.5,
  q5a: 0,
  q5b: 0,
  q5c: 0,
  q5d: 0,
  q5e: 0,
  q5f: 0,
  q5g: 0,
  q5h: 0,
  q5i: 0,
  q5j: 0,
  q5j_described: false,
  q6: 0,
  q7: 0,
  q8: 0,
  q9: 0,
} satisfies PsqiAnswers;

export const ITEM_NAMES = Object.keys(GOOD_SLEEPER) as (keyof typeof GOOD_SLEEPER)[];

/** Items 5b–5i and a described 5j, filled in order (3 each) so they add up to `sum` (0–27). */
export function disturbancesSumming(sum: number): Partial<PsqiAnswers> {
  const names = ['q5b', 'q5c', 'q5d', 'q5e', 'q5f', 'q5g', 'q5h', 'q5i', 'q5j'] as const;
  const answers: Partial<PsqiAnswers> = { q5j_described: true };
  let left = sum;
  for (const name of names) {
    const v = Math.min(3, left);
    answers[name] = v;
    left -= v;
  }
  return answers;
}
