import type { Phq9Answers, Phq9Score } from '../../shared/schemas/outcomes/index.js';
import { phq9Band, totalOf } from './severity.js';

/** PHQ-9 total and band, and the self-harm flag from item 9 whatever the total. */
export function scorePhq9(a: Phq9Answers): Phq9Score {
  const total = totalOf([a.p1, a.p2, a.p3, a.p4, a.p5, a.p6, a.p7, a.p8, a.p9]);
  return { total, band: total === null ? null : phq9Band(total), self_harm_flag: a.p9 > 0 };
}
