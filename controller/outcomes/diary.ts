import { round, roundOrNull } from '../../shared/round.js';
import type {
  DiaryList,
  DiaryNight,
  DiaryNightScore,
  DiaryScore,
  DiaryWeek,
} from '../../shared/schemas/outcomes/index.js';
import { addDays, atLocal, isoWeek, nextAtOrAfter } from './local-time.js';
import { impossible, type Scored } from './result.js';

type Issue = { path: PropertyKey[]; message: string };

const DAY_MIN = 24 * 60;

/**
 * Scores one validated night in the patient's time zone, so a night across a DST change has its
 * real length. Bedtimes from 12:00 are on the evening's date, earlier ones after midnight; final
 * wake and out of bed are the first such wall-clock times after the one before.
 */
export function scoreDiaryNight(
  night: DiaryNight,
  zone: string,
): { ok: true; value: DiaryNightScore } | { ok: false; issues: Issue[] } {
  const evening = night.bedtime >= '12:00' ? night.date : addDays(night.date, 1);
  const bed = atLocal(evening, night.bedtime, zone);
  const wake = nextAtOrAfter(bed, night.final_wake, zone);
  const up = nextAtOrAfter(wake, night.out_of_bed, zone);
  const tib = up.diff(bed, 'minutes').minutes;
  const untilWake = wake.diff(bed, 'minutes').minutes;
  const issues: Issue[] = [];
  if (tib <= 0) issues.push({ path: ['out_of_bed'], message: 'out of bed at bedtime: no time in bed' });
  else if (tib > DAY_MIN) {
    issues.push({
      path: ['out_of_bed'],
      message: `${round(tib / 60, 2)} h from bedtime to out of bed: more than a day`,
    });
  }
  // rounded so that float noise in decimal minutes cannot refuse a possible night
  const awake = round(night.sol_min + night.waso_min, 6);
  if (awake > untilWake) {
    issues.push({
      path: ['sol_min'],
      message: `sol_min + waso_min (${round(awake, 1)} min) exceed the ${round(untilWake, 1)} min from bedtime to final wake`,
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const tst = untilWake - awake;
  return {
    ok: true,
    value: {
      date: night.date,
      tib_min: round(tib, 1),
      tst_min: round(tst, 1),
      sol_min: night.sol_min,
      waso_min: night.waso_min,
      awakenings: night.awakenings,
      se_pct: round((tst / tib) * 100, 1),
      quality: night.quality ?? null,
    },
  };
}

/** Scores every night of a validated diary and the weekly means; any impossible night refuses all. */
export function scoreDiary(list: DiaryList): Scored<DiaryScore> {
  const nights: DiaryNightScore[] = [];
  const issues: Issue[] = [];
  list.nights.forEach((night, i) => {
    const scored = scoreDiaryNight(night, list.timezone);
    if (scored.ok) nights.push(scored.value);
    else issues.push(...scored.issues.map((issue) => ({ ...issue, path: ['nights', i, ...issue.path] })));
  });
  if (issues.length > 0) return impossible(issues);
  nights.sort((a, b) => a.date.localeCompare(b.date));
  return { ok: true, value: { timezone: list.timezone, nights, weeks: weeklyMeans(nights) } };
}

/** Plain means of the nights' figures per ISO week of their dates, in week order. */
export function weeklyMeans(nights: readonly DiaryNightScore[]): DiaryWeek[] {
  const byWeek = new Map<string, DiaryNightScore[]>();
  for (const night of nights) {
    const week = isoWeek(night.date);
    byWeek.set(week, [...(byWeek.get(week) ?? []), night]);
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, ns]) => {
      const rated = ns.flatMap((n) => (n.quality === null ? [] : [n.quality]));
      return {
        week,
        nights: ns.length,
        tib_min: round(mean(ns.map((n) => n.tib_min)) as number, 1),
        tst_min: round(mean(ns.map((n) => n.tst_min)) as number, 1),
        sol_min: round(mean(ns.map((n) => n.sol_min)) as number, 1),
        waso_min: round(mean(ns.map((n) => n.waso_min)) as number, 1),
        se_pct: round(mean(ns.map((n) => n.se_pct)) as number, 1),
        quality: roundOrNull(mean(rated), 2),
        quality_nights: rated.length,
      };
    });
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}
