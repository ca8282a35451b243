import type { Gad7Answers, Gad7Score } from '../../shared/schemas/outcomes/index.js';
import { gad7Band, totalOf } from './severity.js';

/** GAD-7 total and band; a missing item leaves both null. */
export function scoreGad7(a: Gad7Answers): Gad7Score {
  const total = totalOf([a.g1, a.g2, a.g3, a.g4, a.g5, a.g6, a.g7]);
  return { total, band: total === null ? null : gad7Band(total) };
}
