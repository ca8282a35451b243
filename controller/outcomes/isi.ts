import type { IsiAnswers, IsiScore } from '../../shared/schemas/outcomes/index.js';
import { isiBand, totalOf } from './severity.js';

/** ISI total and band; a missing item leaves both null. */
export function scoreIsi(a: IsiAnswers): IsiScore {
  const total = totalOf([a.i1, a.i2, a.i3, a.i4, a.i5, a.i6, a.i7]);
  return { total, band: total === null ? null : isiBand(total) };
}
