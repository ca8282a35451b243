/**
 * What "completion" means, the one definition the nights API (the calendar, the summary) and the
 * outcome trends share (shared/api-dashboard.ts `completionSchema`).
 */

/** Ends after which a session ran its course: its timer, or the calm point (the program ended it). */
const RAN_ITS_COURSE = new Set(['timer', 'calm']);

export interface CompletionFacts {
  end_reason: string | null;
  duration_s: number | null;
  planned_s: number | null;
}

export const ranItsCourse = (s: Pick<CompletionFacts, 'end_reason'>): boolean =>
  s.end_reason !== null && RAN_ITS_COURSE.has(s.end_reason);

/** 1 when the session ran its course, else duration / planned capped to 0..1; null when unknown. */
export function sessionCompletion(s: CompletionFacts): number | null {
  if (ranItsCourse(s)) return 1;
  if (s.duration_s === null || !s.planned_s) return null;
  return Math.max(0, Math.min(1, s.duration_s / s.planned_s));
}

/** A night's main session: the longest (the earliest of equals, when given oldest first). */
export function mainSession<T extends Pick<CompletionFacts, 'duration_s'>>(
  sessions: readonly T[],
): T | undefined {
  return [...sessions].sort((a, b) => (b.duration_s ?? 0) - (a.duration_s ?? 0))[0];
}

/** A night's completion is that of its main session; null without one. */
export function nightCompletion(sessions: readonly CompletionFacts[]): number | null {
  const main = mainSession(sessions);
  return main ? sessionCompletion(main) : null;
}
