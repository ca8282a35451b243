import { round } from '../../shared/round.js';
import type { SessionSample } from '../../shared/schemas/session-samples.js';
import { currentTrend, latestEstimate } from './heart.js';
import { SAMPLE_INTERVAL_MS, TRAJECTORY_INTERVAL_MS } from './params.js';
import { lightNow, type Step, tempoNow, volumeNow } from './session.js';
import type { DoneState, Session, SessionState } from './types.js';

/**
 * Emits a `session/samples` sample every 2 s and keeps a trajectory point every 30 s for the
 * report: heart rate and what played, side by side (CLINICAL.md:18-19). `final` records the end.
 */
export function recordSample(state: SessionState | DoneState, step: Step, final = false): Session {
  const t = step.t;
  let s = state.session;
  const trend = currentTrend(state.heart, t);
  const tempo = round(tempoNow(s, t), 1);
  const volume = s.muted ? null : round(volumeNow(s, t), 1);
  const light = round(lightNow(s, t), 3);
  const trendBpm = trend === null ? null : round(trend, 1);
  if (final || t >= s.tally.nextSampleT) {
    const { bpm, quality } = latestEstimate(state.heart, t);
    const sample: SessionSample = {
      t,
      phase: state.phase,
      bpm: bpm === null ? null : round(bpm, 1),
      quality: round(quality, 2),
      trend_bpm: trendBpm,
      tempo_bpm: tempo,
      volume_db: volume,
      light,
    };
    step.emit({ type: 'sample', sample });
    s = { ...s, tally: { ...s.tally, nextSampleT: next(s.tally.nextSampleT, t, SAMPLE_INTERVAL_MS) } };
  }
  if (final || t >= s.tally.nextTrajectoryT) {
    const point = { t, tempoBpm: tempo, volumeDba: volume, light, trendBpm };
    s = {
      ...s,
      tally: {
        ...s.tally,
        trajectory: [...s.tally.trajectory, point],
        nextTrajectoryT: next(s.tally.nextTrajectoryT, t, TRAJECTORY_INTERVAL_MS),
      },
    };
  }
  return s;
}

/** The next due time on the grid; after a long silence of inputs, one interval from now. */
function next(due: number, t: number, interval: number): number {
  const following = due + interval;
  return following > t ? following : t + interval;
}
