import type { Phq9Answers, SeverityBand } from '../../shared/schemas/outcomes/index.js';
import { phq9Band, totalOf } from './severity.js';

export interface Phq9Score {
  /** 0–27, or null when an item is missing. */
  total: number | null;
  band: SeverityBand | null;
  /** Item 9 above 0: a high-severity alert to the patient's caregivers at once, whatever the total. */
  self_harm_flag: boolean;
}

export function scorePhq9(a: Phq9Answers): Phq9Score {
  const total = totalOf([a.p1, a.p2, a.p3, a.p4, a.p5, a.p6, a.p7, a.p8, a.p9]);
  return { total, band: total === null ? null : phq9Band(total), self_harm_flag: a.p9 > 0 };
}
