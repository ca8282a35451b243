import { round } from '../../shared/round.js';
import {
  type PsqiComponent as Component,
  type PsqiAnswers,
  type PsqiScore,
  wallClockMinutes,
} from '../../shared/schemas/outcomes/index.js';

/**
 * Scores validated PSQI answers (Buysse 1989) with the boundaries CLINICAL.md "Outcome measures"
 * makes exact. A missing item makes its component, and so the global score, null — never 0.
 */
export function scorePsqi(a: PsqiAnswers): PsqiScore {
  const components = {
    c1: item(a.q6),
    c2: latency(a.latency_min, a.q5a),
    c3: duration(a.sleep_h),
    c4: efficiency(a.sleep_h, a.bed, a.rise),
    c5: disturbances(a),
    c6: item(a.q7),
    c7: bandOfSum([a.q8, a.q9]),
  };
  const values = Object.values(components);
  const global = values.every((c) => c !== null)
    ? values.reduce<number>((sum, c) => sum + (c as number), 0)
    : null;
  return { components, global };
}

function item(value: number | null | undefined): Component {
  return value == null ? null : (value as Component);
}

/** C2: item 2 (≤ 15 → 0, > 15–30 → 1, > 30–60 → 2, > 60 → 3) plus item 5a, banded. */
function latency(minutes: number | null | undefined, q5a: number | null | undefined): Component {
  if (minutes == null || q5a == null) return null;
  return bandOfSum([latencyMinutesScore(minutes), q5a]);
}

/** Item 2 alone: ≤ 15 min → 0, > 15–30 → 1, > 30–60 → 2, > 60 → 3 (15 min scores 0, not 1). */
export function latencyMinutesScore(minutes: number): number {
  return minutes <= 15 ? 0 : minutes <= 30 ? 1 : minutes <= 60 ? 2 : 3;
}

/** C3 from item 4: ≥ 7 h → 0 (exactly 7 h scores 0: the common convention), ≥ 6 → 1, ≥ 5 → 2, else 3. */
function duration(hours: number | null | undefined): Component {
  if (hours == null) return null;
  return hours >= 7 ? 0 : hours >= 6 ? 1 : hours >= 5 ? 2 : 3;
}

/** C4: sleep / time in bed (bedtime to getting up, across midnight) × 100: ≥ 85, ≥ 75, ≥ 65. */
function efficiency(
  hours: number | null | undefined,
  bed: string | null | undefined,
  rise: string | null | undefined,
): Component {
  const pct = psqiEfficiencyPct(hours, bed, rise);
  if (pct === null) return null;
  return pct >= 85 ? 0 : pct >= 75 ? 1 : pct >= 65 ? 2 : 3;
}

/**
 * Habitual sleep efficiency in %, or null when an item is missing. Rounded to 1e-6 so that
 * float noise (6.8 h / 8 h) cannot move an answer across a boundary.
 */
export function psqiEfficiencyPct(
  hours: number | null | undefined,
  bed: string | null | undefined,
  rise: string | null | undefined,
): number | null {
  if (hours == null || bed == null || rise == null) return null;
  const inBedMin = wallClockMinutes(bed, rise);
  if (inBedMin === 0) return null;
  return round(((hours * 60) / inBedMin) * 100, 6);
}

/** C5: items 5b–5j (5j counts 0 unless described; 5a is not in it): 0, 1–9, 10–18, 19–27. */
function disturbances(a: PsqiAnswers): Component {
  const q5j = a.q5j_described === true ? a.q5j : 0;
  const items = [a.q5b, a.q5c, a.q5d, a.q5e, a.q5f, a.q5g, a.q5h, a.q5i, q5j];
  if (items.some((v) => v == null)) return null;
  const sum = items.reduce<number>((s, v) => s + (v as number), 0);
  return sum === 0 ? 0 : sum <= 9 ? 1 : sum <= 18 ? 2 : 3;
}

/** Two 0–3 items summed and banded: 0 → 0, 1–2 → 1, 3–4 → 2, 5–6 → 3 (C2 and C7). */
function bandOfSum(values: ReadonlyArray<number | null | undefined>): Component {
  if (values.some((v) => v == null)) return null;
  const sum = values.reduce<number>((s, v) => s + (v as number), 0);
  return sum === 0 ? 0 : sum <= 2 ? 1 : sum <= 4 ? 2 : 3;
}
