import type { IsiAnswers, IsiBand } from '../../shared/schemas/outcomes/index.js';
import { isiBand, totalOf } from './severity.js';

export interface IsiScore {
  /** 0–28, or null when an item is missing. */
  total: number | null;
  band: IsiBand | null;
}

export function scoreIsi(a: IsiAnswers): IsiScore {
  const total = totalOf([a.i1, a.i2, a.i3, a.i4, a.i5, a.i6, a.i7]);
  return { total, band: total === null ? null : isiBand(total) };
}
