import type { Gad7Answers, SeverityBand } from '../../shared/schemas/outcomes/index.js';
import { gad7Band, totalOf } from './severity.js';

export interface Gad7Score {
  /** 0–21, or null when an item is missing. */
  total: number | null;
  band: SeverityBand | null;
}

export function scoreGad7(a: Gad7Answers): Gad7Score {
  const total = totalOf([a.g1, a.g2, a.g3, a.g4, a.g5, a.g6, a.g7]);
  return { total, band: total === null ? null : gad7Band(total) };
}
