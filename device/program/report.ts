import { round } from '../../shared/round.js';
import type { StartTrigger } from '../../shared/schemas/common.js';
import type { SessionReportBody } from '../../shared/schemas/session-report.js';
import type { ProgramParams } from './params.js';
import { secondsSince } from './session.js';
import { heartRateSlope, rhythmIrregularity } from './tally.js';
import type { DoneState, ProgramReport } from './types.js';

/** The session report from a finished session (the runner adds id, seed and measured peak). */
export function buildReport(state: DoneState, detail: string): ProgramReport {
  const s = state.session;
  const p = state.params;
  const tally = s.tally;
  const t = state.t;
  const at = (time: number) => secondsSince(s.startT, time);
  const bpm = (value: number | null) => (value === null ? null : round(value, 1));
  const durationMs = Math.max(0, t - s.startT);
  return {
    started_at: s.startT,
    ended_at: t,
    duration_s: round(durationMs / 1000, 1),
    planned_s: round(p.sessionMs / 1000, 1),
    trigger: s.trigger,
    end_reason: state.endReason,
    end_detail: detail.slice(0, 200),
    phases: tally.phases.map((ph) => ({ phase: ph.phase, at_s: at(ph.t), reason: ph.reason })),
    paused_s: round(s.pausedMs / 1000, 1),
    snoozes: tally.snoozes.map((z) => ({ start_s: at(z.startT), end_s: at(z.endT ?? t) })),
    baseline_bpm: bpm(s.baseline.bpm),
    baseline_session_bpm: bpm(s.baseline.sessionBpm),
    baseline_stored_bpm: bpm(s.baseline.storedBpm),
    min_bpm: bpm(tally.minTrend),
    calm_point_s: s.calmPoint === null ? null : at(s.calmPoint.t),
    calm_withdrawn_s: tally.calmWithdrawnT.map(at),
    fade_start_s: tally.fade === null ? null : at(tally.fade.startT),
    fade_cause: tally.fade?.cause ?? null,
    hr_slope_bpm_per_min: nullableRound(heartRateSlope(tally), 3),
    valid_pulse_fraction: durationMs > 0 ? round(Math.min(1, tally.validMs / durationMs), 3) : 0,
    rhythm_irregularity: nullableRound(rhythmIrregularity(tally), 3),
    pulse_gaps: tally.gaps.map((g) => ({ start_s: at(g.startT), end_s: at(g.endT) })),
    ...caps(p),
    volume_peak_dba: tally.peakDba,
    params: p.record,
    trajectory: tally.trajectory.map((pt) => ({
      t_s: at(pt.t),
      tempo_bpm: pt.tempoBpm,
      volume_dba: pt.volumeDba,
      light: pt.light,
      trend_bpm: pt.trendBpm,
    })),
    buttons: { ...tally.buttons },
    faults: [...tally.faults],
  };
}

/**
 * The report of a session a restart cut off (DESIGN.md: closed with `end_reason: "fault"`): what
 * the state dir still knows. The heart-rate figures died with the process, so they are null.
 */
export function interruptedReport(
  active: { session_id: string; started_at: number; planned_s: number; trigger: StartTrigger },
  endedAt: number,
  params: ProgramParams,
): Omit<SessionReportBody, 'seed' | 'peak_dbfs'> {
  const ended = Math.max(active.started_at, endedAt);
  const detail = 'the unit restarted during the session';
  return {
    session_id: active.session_id,
    started_at: active.started_at,
    ended_at: ended,
    duration_s: round((ended - active.started_at) / 1000, 1),
    planned_s: active.planned_s,
    trigger: active.trigger,
    end_reason: 'fault',
    end_detail: detail,
    phases: [{ phase: 'stopped', at_s: secondsSince(active.started_at, ended), reason: detail }],
    paused_s: 0,
    snoozes: [],
    baseline_bpm: null,
    baseline_session_bpm: null,
    baseline_stored_bpm: null,
    min_bpm: null,
    calm_point_s: null,
    calm_withdrawn_s: [],
    fade_start_s: null,
    fade_cause: null,
    hr_slope_bpm_per_min: null,
    valid_pulse_fraction: null,
    rhythm_irregularity: null,
    pulse_gaps: [],
    ...caps(params),
    volume_peak_dba: null,
    params: params.record,
    trajectory: [],
    buttons: { start_stop: 0, snooze: 0, louder: 0, quieter: 0, brighter: 0, dimmer: 0 },
    faults: [],
  };
}

function caps(p: ProgramParams): { volume_cap_dba: number; volume_cap_dbfs: number } {
  return {
    volume_cap_dba: p.volumeCapDba,
    volume_cap_dbfs: round(p.volumeCapDba - p.record.calibration.dba_at_0dbfs, 2),
  };
}

function nullableRound(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}
