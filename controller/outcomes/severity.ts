import type { IsiBand, SeverityBand } from '../../shared/schemas/outcomes/index.js';

/** The sum of answered items, or null when any item is missing (never a partial sum). */
export function totalOf(values: ReadonlyArray<number | null | undefined>): number | null {
  if (values.some((v) => v == null)) return null;
  return values.reduce<number>((s, v) => s + (v as number), 0);
}

/** ISI bands (Bastien 2001): 0–7 none, 8–14 subthreshold, 15–21 moderate, 22–28 severe. */
export function isiBand(total: number): IsiBand {
  return total <= 7 ? 'none' : total <= 14 ? 'subthreshold' : total <= 21 ? 'moderate' : 'severe';
}

/** GAD-7 bands (Spitzer 2006): 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. */
export function gad7Band(total: number): Exclude<SeverityBand, 'moderately_severe'> {
  return total <= 4 ? 'minimal' : total <= 9 ? 'mild' : total <= 14 ? 'moderate' : 'severe';
}

/** PHQ-9 bands (Kroenke 2001): 0–4, 5–9, 10–14, 15–19 moderately severe, 20–27 severe. */
export function phq9Band(total: number): SeverityBand {
  if (total <= 14) return gad7Band(total);
  return total <= 19 ? 'moderately_severe' : 'severe';
}
