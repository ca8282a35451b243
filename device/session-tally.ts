import type { EndReason, Phase } from '../shared/schemas/common.js';
import type { SessionReport } from '../shared/schemas/session-report.js';
import type { Body } from './telemetry/index.js';

/** The baseline is the heart rate of the first minutes (CLINICAL.md "Heart rate as a sleep signal"). */
const BASELINE_MS = 3 * 60_000;

/**
 * What a session's report needs, gathered tick by tick. A placeholder until the heart-rate
 * program (issue 7) computes its own report (calm point, trajectories).
 */
export class SessionTally {
  private ticks = 0;
  private validTicks = 0;
  private minBpm: number | null = null;
  private baselineSum = 0;
  private baselineCount = 0;
  private fadeStartS: number | null = null;

  constructor(
    readonly sessionId: string,
    readonly startedAt: number,
  ) {}

  tick(t: number, bpm: number | null, phase: Phase): void {
    this.ticks++;
    if (phase === 'fading' && this.fadeStartS === null) this.fadeStartS = (t - this.startedAt) / 1000;
    if (bpm === null) return;
    this.validTicks++;
    this.minBpm = this.minBpm === null ? bpm : Math.min(this.minBpm, bpm);
    if (t - this.startedAt <= BASELINE_MS) {
      this.baselineSum += bpm;
      this.baselineCount++;
    }
  }

  report(endedAt: number, endReason: EndReason): Body<SessionReport> {
    return {
      session_id: this.sessionId,
      started_at: this.startedAt,
      ended_at: endedAt,
      duration_s: Math.max(0, (endedAt - this.startedAt) / 1000),
      end_reason: endReason,
      baseline_bpm: this.baselineCount ? Math.round((this.baselineSum / this.baselineCount) * 10) / 10 : null,
      min_bpm: this.minBpm,
      calm_point_s: null,
      fade_start_s: this.fadeStartS,
      valid_pulse_fraction: this.ticks ? Math.round((this.validTicks / this.ticks) * 1000) / 1000 : null,
    };
  }
}
