import { round } from '../../shared/round.js';
import type { EndReason } from '../../shared/schemas/common.js';
import { decideBaseline } from './baseline.js';
import { dimFactor, fadeLengthMs, planGlide, steerLight, steerVolume } from './channels.js';
import { SILENCE_FLOOR_DBA } from './params.js';
import { hold, slewMs } from './ramp.js';
import { buildReport } from './report.js';
import { recordSample } from './samples.js';
import {
  announcePhase,
  commandLight,
  commandTempo,
  commandVolume,
  EPS,
  lightNow,
  maxEndT,
  programTime,
  type Step,
  tempoNow,
  volumeNow,
  wallOf,
} from './session.js';
import type {
  ActiveState,
  DescendingState,
  DoneState,
  Fade,
  FadingState,
  PausedState,
  SessionState,
  SettlingState,
} from './types.js';

/** A resume must leave this much time to play before the session has to end anyway. */
const MIN_RESUME_PLAY_MS = 60_000;

/** Settling is over: decide the baseline and start the glide towards 60 BPM. */
export function enterDescending(state: SettlingState, step: Step): DescendingState {
  const p = state.params;
  const baseline = decideBaseline(state.session.baseline, p.baselineWindowMs, p.baselineSessionWeight);
  const detail =
    baseline.bpm === null
      ? 'no baseline (no trusted pulse, no past sessions): the timer decides the end'
      : `baseline ${round(baseline.bpm, 1)} BPM (tonight ${fmt(baseline.sessionBpm)}, past ${fmt(baseline.storedBpm)})`;
  step.event({ kind: 'note', note: 'baseline', detail });
  let next: DescendingState = { ...state, phase: 'descending', session: { ...state.session, baseline } };
  next = { ...next, session: announcePhase(next.session, 'descending', `settling over; ${detail}`, step) };
  next = { ...next, session: planGlide(next, step) };
  return { ...next, session: steerLight(next, step, true) };
}

/** The final fade to silence and darkness, from a calm point or from the timer. */
export function enterFading(
  state: DescendingState,
  cause: Fade['cause'],
  reason: string,
  step: Step,
): FadingState {
  const p = state.params;
  const now = programTime(state, step.t);
  const length = fadeLengthMs(state, step.t);
  const endP = cause === 'timer' ? Math.max(now, Math.min(p.sessionMs, now + length)) : now + length;
  const fade: Fade = { cause, startP: now, endP };
  const s = state.session;
  const calmPoint = cause === 'calm' ? { t: step.t, trend: state.heart.trend ?? 0 } : s.calmPoint;
  let next: FadingState = {
    ...state,
    phase: 'fading',
    fade,
    session: {
      ...s,
      calmPoint,
      volumeEnvelopeEndT: null,
      lightEnvelopeEndT: null,
      tally: { ...s.tally, fade: { startT: step.t, cause } },
    },
  };
  if (cause === 'calm') step.event({ kind: 'note', note: 'calm_point', detail: reason });
  next = { ...next, session: announcePhase(next.session, 'fading', reason, step) };
  next = { ...next, session: steerVolume(next, step, true) };
  return { ...next, session: steerLight(next, step, true) };
}

/**
 * The patient pressed louder or brighter during a calm fade: they are not calm. Back to descending
 * at the levels the fade had reached (nothing rises by itself); the calm point must be earned again.
 */
export function withdrawCalm(state: FadingState, by: string, step: Step): DescendingState {
  const s = state.session;
  const t = step.t;
  const level = lightNow(s, t);
  const { fade: _fade, ...rest } = state;
  let next: DescendingState = {
    ...rest,
    phase: 'descending',
    session: {
      ...s,
      setDba: volumeNow(s, t),
      setLight: level / dimFactor(state, programTime(state, t)),
      calmSinceP: null,
      calmPoint: null,
      tally: { ...s.tally, fade: null, calmWithdrawnT: [...s.tally.calmWithdrawnT, t] },
    },
  };
  step.event({ kind: 'note', note: 'calm_withdrawn', detail: `${by} during the calm fade` });
  next = { ...next, session: announcePhase(next.session, 'descending', `calm point withdrawn: ${by}`, step) };
  // Stop the fade where it is; the volume step of the button follows.
  next = { ...next, session: commandVolume(next, volumeNow(next.session, t), 0, step) };
  return { ...next, session: commandLight(next, level, 0, step) };
}

/** Snooze: fade to silence at the fall slew limit, hold tempo and light, stop the program clock. */
export function pause(state: ActiveState, ms: number, by: string, step: Step): PausedState {
  const t = step.t;
  const s = state.session;
  const pre = volumeNow(s, t);
  let next: PausedState = {
    ...state,
    phase: 'paused',
    pause: {
      resume: state.phase === 'fading' ? { phase: 'fading', fade: state.fade } : { phase: state.phase },
      atT: t,
      atP: programTime(state, t),
      untilT: t + ms,
      resumeDba: pre,
    },
    session: {
      ...s,
      setDba: Math.min(s.setDba, pre),
      volumeEnvelopeEndT: null,
      lightEnvelopeEndT: null,
      calmSinceP: null,
      tally: { ...s.tally, snoozes: [...s.tally.snoozes, { startT: t, endT: null }] },
    },
  };
  if (!s.muted) {
    const down = slewMs(pre - SILENCE_FLOOR_DBA, state.params.volumeFallDbPerS);
    next = { ...next, session: commandVolume(next, SILENCE_FLOOR_DBA, down, step) };
  }
  next = { ...next, session: commandTempo(next.session, tempoNow(s, t), 0, step) };
  if (t < s.light.t1) next = { ...next, session: commandLight(next, lightNow(s, t), 0, step) };
  const reason = `snoozed by ${by} for ${round(ms / 60_000, 1)} min`;
  return { ...next, session: announcePhase(next.session, 'paused', reason, step) };
}

/**
 * Ends a snooze: fade back in from silence over the fade-in time to at most the volume before the
 * snooze, and carry on where the program clock stood — unless too little time is left to play.
 */
export function resume(state: PausedState, why: string, step: Step): ActiveState | DoneState {
  const t = step.t;
  const p = state.params;
  const { pause: pz, ...rest } = state;
  const snoozes = state.session.tally.snoozes.map((z) => (z.endT === null ? { ...z, endT: t } : z));
  const session = {
    ...state.session,
    pausedMs: state.session.pausedMs + (t - pz.atT),
    tally: { ...state.session.tally, snoozes },
  };
  const envelopeMs = Math.max(p.fadeInMs, slewMs(pz.resumeDba - SILENCE_FLOOR_DBA, p.volumeRiseDbPerS));
  const maxEnd = maxEndT(state);
  if (maxEnd - t < envelopeMs + MIN_RESUME_PLAY_MS) {
    return finish(
      { ...state, session },
      'ended',
      'timer',
      'maximum session length reached during a snooze',
      step,
    );
  }
  let next: ActiveState;
  let target: number;
  if (pz.resume.phase === 'fading') {
    const fade = pz.resume.fade;
    const endT = Math.min(wallOf(session, fade.endP), maxEnd);
    if (endT - t < envelopeMs + MIN_RESUME_PLAY_MS) {
      return finish(
        { ...state, session },
        'ended',
        fade.cause,
        'the final fade ran out during a snooze',
        step,
      );
    }
    // Where the fade line from the pre-snooze level to silence stands at the end of the fade-in.
    target = pz.resumeDba - ((pz.resumeDba - SILENCE_FLOOR_DBA) * envelopeMs) / (endT - t);
    next = { ...rest, phase: 'fading', fade, session };
  } else {
    target = Math.min(session.setDba, pz.resumeDba);
    next = { ...rest, phase: pz.resume.phase, session };
  }
  next = { ...next, session: commandVolume(next, target, envelopeMs, step) } as ActiveState;
  next = { ...next, session: { ...next.session, volumeEnvelopeEndT: t + envelopeMs } } as ActiveState;
  if (next.phase !== 'settling') next = { ...next, session: planGlide(next, step) } as ActiveState;
  next = {
    ...next,
    session: announcePhase(next.session, next.phase, `resumed: ${why}`, step),
  } as ActiveState;
  return { ...next, session: steerLight(next, step, true) } as ActiveState;
}

/** A stop: silence and darkness at once (button, command, or the unit going down). */
export function stop(state: SessionState, reason: EndReason, detail: string, step: Step): DoneState {
  step.emit({ type: 'mute' });
  step.emit({ type: 'light', level: 0, rampMs: 0 });
  const t = step.t;
  const session = { ...state.session, muted: true, volume: hold(SILENCE_FLOOR_DBA, t), light: hold(0, t) };
  return finish({ ...state, session }, 'stopped', reason, detail, step);
}

/**
 * Closes the session: silent and dark (a natural end reaches both by its fade; the light ramps off
 * at its slew limit if it is not there yet), the last sample, the events and the report.
 */
export function finish(
  state: SessionState,
  phase: 'ended' | 'stopped',
  endReason: EndReason,
  detail: string,
  step: Step,
): DoneState {
  const t = step.t;
  let s = state.session;
  if (!s.muted) {
    step.emit({ type: 'mute' });
    s = { ...s, muted: true, volume: hold(SILENCE_FLOOR_DBA, t) };
  }
  const light = lightNow(s, t);
  if (light > EPS || s.light.to > EPS)
    s = commandLight({ ...state, session: s }, 0, slewMs(light, state.params.lightSlewPerS), step);
  const gaps = s.gapSinceT === null ? s.tally.gaps : [...s.tally.gaps, { startT: s.gapSinceT, endT: t }];
  const snoozes = s.tally.snoozes.map((z) => (z.endT === null ? { ...z, endT: t } : z));
  s = { ...s, gapSinceT: null, tally: { ...s.tally, gaps, snoozes } };
  s = announcePhase(s, phase, detail, step);
  const durationS = round((t - s.startT) / 1000, 1);
  step.event({ kind: 'ended', end_reason: endReason, duration_s: durationS, detail });
  const { pause: _p, fade: _f, ...context } = state as SessionState & { pause?: unknown; fade?: unknown };
  const done: DoneState = { ...context, phase, endReason, session: s };
  const recorded: DoneState = { ...done, session: recordSample(done, step, true) };
  step.emit({ type: 'report', report: buildReport(recorded, detail) });
  return recorded;
}

function fmt(bpm: number | null): string {
  return bpm === null ? 'none' : `${round(bpm, 1)}`;
}
