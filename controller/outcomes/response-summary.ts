import type { Clock } from '../../shared/clock.js';
import { round, roundOrNull } from '../../shared/round.js';
import type {
  SummaryChange as Change,
  CoTherapy,
  ResponseSummary,
} from '../../shared/schemas/outcomes/index.js';
import { mean } from './diary.js';
import { addDays, localDay, nightOf } from './local-time.js';

/** A questionnaire taken at `at` (ms since the epoch, UTC); `total` null when it was incomplete. */
export interface DatedScore {
  at: number;
  total: number | null;
}

/** What the unit measured in one session (the session report's fields). */
export interface UnitSession {
  started_at: number;
  baseline_bpm: number | null;
  calm_point_s: number | null;
}

export interface ResponseSummaryInput {
  timezone: string;
  /** First day of the programme; `end` (inclusive) defaults to today in the patient's zone. */
  programme: { start: string; end?: string | null };
  psqi: readonly DatedScore[];
  isi: readonly DatedScore[];
  gad7: readonly DatedScore[];
  phq9: readonly DatedScore[];
  /** Scored diary nights (controller/outcomes/diary.ts). */
  diary: readonly { date: string; sol_min: number; tst_min: number }[];
  sessions: readonly UnitSession[];
  co_therapies: readonly CoTherapy[];
}

const WINDOW_DAYS = 14;

/**
 * The patient's response: the programme's first two weeks against its last two, for the
 * questionnaires, the diary and what the unit measured. Plain data in, no store.
 */
export function responseSummary(input: ResponseSummaryInput, clock: Pick<Clock, 'now'>): ResponseSummary {
  const zone = input.timezone;
  const start = input.programme.start;
  const end = input.programme.end ?? localDay(clock.now(), zone);
  const first = { from: start, to: minDay(addDays(start, WINDOW_DAYS - 1), end) };
  const last = { from: maxDay(addDays(end, -(WINDOW_DAYS - 1)), addDays(start, WINDOW_DAYS)), to: end };

  const questionnaire = (entries: readonly DatedScore[]) =>
    compare(
      entries.flatMap((e) => (e.total === null ? [] : [{ day: localDay(e.at, zone), value: e.total }])),
      first,
      last,
      2,
    );
  const diary = (pick: (n: { sol_min: number; tst_min: number }) => number) =>
    compare(
      input.diary.map((n) => ({ day: n.date, value: pick(n) })),
      first,
      last,
      1,
    );
  const unit = (pick: (s: UnitSession) => number | null, digits: number) =>
    compare(perNight(input.sessions, pick, zone), first, last, digits);

  const coTherapies = input.co_therapies.filter((t) => t.from <= end && (t.to == null || t.to >= start));
  return {
    programme: { start, end },
    first_weeks: first,
    last_weeks: last,
    measures: {
      psqi_global: questionnaire(input.psqi),
      isi_total: questionnaire(input.isi),
      gad7_total: questionnaire(input.gad7),
      phq9_total: questionnaire(input.phq9),
      diary_sol_min: diary((n) => n.sol_min),
      diary_tst_min: diary((n) => n.tst_min),
      baseline_bpm: unit((s) => s.baseline_bpm, 1),
      calm_point_s: unit((s) => s.calm_point_s, 0),
    },
    co_therapies: coTherapies,
    reads_as: readsAs(coTherapies),
  };
}

/** "music alone", "music with A", "music with A and B", "music with A, B and C". */
export function readsAs(therapies: readonly CoTherapy[]): string {
  if (therapies.length === 0) return 'music alone';
  const names = therapies.map((t) => (t.dose ? `${t.what} (${t.dose})` : t.what));
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `music with ${list}`;
}

type Window = { from: string; to: string };

function compare(
  values: readonly { day: string; value: number }[],
  first: Window,
  last: Window,
  digits: number,
): Change {
  const side = (w: Window): Change['first'] => {
    const inside = values.filter((v) => v.day >= w.from && v.day <= w.to).map((v) => v.value);
    return { mean: roundOrNull(mean(inside), digits), n: inside.length };
  };
  const a = side(first);
  const b = side(last);
  return {
    first: a,
    last: b,
    change: a.mean === null || b.mean === null ? null : round(b.mean - a.mean, digits),
  };
}

/** One value per night (the mean of that night's sessions that have one), so n counts nights. */
function perNight(
  sessions: readonly UnitSession[],
  pick: (s: UnitSession) => number | null,
  zone: string,
): { day: string; value: number }[] {
  const byNight = new Map<string, number[]>();
  for (const s of sessions) {
    const value = pick(s);
    if (value === null) continue;
    const night = nightOf(s.started_at, zone);
    byNight.set(night, [...(byNight.get(night) ?? []), value]);
  }
  return [...byNight.entries()].map(([day, vs]) => ({ day, value: mean(vs) as number }));
}

function minDay(a: string, b: string): string {
  return a < b ? a : b;
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}
