import { round } from '../../shared/round.js';
import type { Fault, StartTrigger } from '../../shared/schemas/common.js';
import type { RemoteButton } from '../ports/remote/index.js';
import { adjustLight, adjustVolume } from './adjust.js';
import { addToBaseline, emptyBaseline } from './baseline.js';
import { fadeLengthMs, followIso, steerLight, steerVolume } from './channels.js';
import { currentTrend, emptyHeart, observeHeart, trendSettled } from './heart.js';
import { isoStartTempo } from './iso.js';
import { type ProgramParams, PULSE_LOST_MS, SILENCE_FLOOR_DBA } from './params.js';
import { enterDescending, enterFading, finish, pause, resume, stop } from './phases.js';
import { hold, slewMs } from './ramp.js';
import { recordSample } from './samples.js';
import {
  announcePhase,
  commandLight,
  commandTempo,
  commandVolume,
  EPS,
  fadeEndT,
  maxEndT,
  programTime,
  Step,
  volumeNow,
} from './session.js';
import { coveredMs, newTally, tallyButton, tallyEstimate, tallyFault, tallyRhythm } from './tally.js';
import type {
  DescendingState,
  DoneState,
  IdleState,
  ProgramCommand,
  ProgramInput,
  ProgramState,
  SessionState,
  SettlingState,
  Transition,
} from './types.js';

/**
 * The wind-down program as a pure state machine: `transition(state, input) → { state, effects }`.
 * No clock, no I/O, no timers: time arrives with each input, and the runner carries out the
 * effects. The phases, their reasons and the safety rules are described in docs/program.md.
 */
export function initialState(params: ProgramParams, storedBaselineBpm: number | null = null): IdleState {
  return { phase: 'idle', params, storedBaselineBpm, heart: emptyHeart, t: Number.NEGATIVE_INFINITY };
}

/** The baseline from past sessions the next session blends in. */
export function withStoredBaseline<S extends ProgramState>(state: S, bpm: number | null): S {
  return { ...state, storedBaselineBpm: bpm };
}

export function isInSession(state: ProgramState): state is SessionState {
  return state.phase !== 'idle' && state.phase !== 'ended' && state.phase !== 'stopped';
}

export function transition(state: ProgramState, input: ProgramInput): Transition {
  if (!Number.isFinite(input.t)) return { state, effects: [], ignored: 'input without a valid time' };
  const step = new Step(Math.max(state.t, input.t));
  const now = { ...state, t: step.t } as ProgramState;
  const [next, ignored] = isInSession(now) ? inSession(now, input, step) : outOfSession(now, input, step);
  return ignored === undefined
    ? { state: next, effects: step.effects }
    : { state: next, effects: step.effects, ignored };
}

type Outcome = [ProgramState, string?];

function outOfSession(state: IdleState | DoneState, input: ProgramInput, step: Step): Outcome {
  switch (input.type) {
    case 'tick':
    case 'fault':
      return [state];
    case 'heart_rate':
      return [{ ...state, heart: observe(state, input.bpm, input.quality, step.t) }];
    case 'button':
      if (input.button === 'start_stop') return [start(state, 'button', step)];
      return [state, 'no session running'];
    case 'command':
      if (input.command.name === 'start') return [start(state, input.command.trigger ?? 'command', step)];
      return [state, 'no session running'];
  }
}

function inSession(state: SessionState, input: ProgramInput, step: Step): Outcome {
  let outcome: Outcome = [state];
  switch (input.type) {
    case 'tick':
      break;
    case 'heart_rate':
      outcome = [onHeartRate(state, input, step)];
      break;
    case 'button': {
      const counted = {
        ...state,
        session: { ...state.session, tally: tallyButton(state.session.tally, input.button) },
      };
      outcome = onButton(counted, input.button, step);
      break;
    }
    case 'command':
      outcome = onCommand(state, input.command, step);
      break;
    case 'fault':
      outcome = [
        input.fatal ? stop(state, 'fault', faultText(input.fault), step) : onFault(state, input.fault, step),
      ];
      break;
  }
  const [next, ignored] = outcome;
  return [isInSession(next) ? advance(next, step) : next, ignored];
}

/** A new session: fade in from silence to the start volume and light, at the iso tempo. */
function start(state: IdleState | DoneState, trigger: StartTrigger, step: Step): ProgramState {
  const p = state.params;
  const t = step.t;
  const iso = isoStartTempo(state.heart, t, state.storedBaselineBpm);
  const { endReason: _e, session: _s, ...context } = state as DoneState;
  let next: SettlingState = {
    ...context,
    phase: 'settling',
    session: {
      startT: t,
      trigger,
      pausedMs: 0,
      setDba: p.startVolumeDba,
      setLight: p.startLight,
      volumeEnvelopeEndT: null,
      lightEnvelopeEndT: null,
      volume: hold(SILENCE_FLOOR_DBA, t),
      muted: true,
      light: hold(0, t),
      tempo: hold(iso.bpm, t),
      baseline: emptyBaseline(state.storedBaselineBpm),
      calmSinceP: null,
      calmPoint: null,
      gapSinceT: null,
      tally: newTally(t),
    },
  };
  step.event({ kind: 'started', trigger, planned_s: round(p.sessionMs / 1000, 1) });
  next = { ...next, session: commandTempo(next.session, iso.bpm, 0, step) };
  const volumeMs = Math.max(p.fadeInMs, slewMs(p.startVolumeDba - SILENCE_FLOOR_DBA, p.volumeRiseDbPerS));
  next = { ...next, session: commandVolume(next, p.startVolumeDba, volumeMs, step) };
  const lightMs = Math.max(p.fadeInMs, slewMs(p.startLight, p.lightSlewPerS));
  next = { ...next, session: commandLight(next, p.startLight, lightMs, step) };
  next = {
    ...next,
    session: { ...next.session, volumeEnvelopeEndT: t + volumeMs, lightEnvelopeEndT: t + lightMs },
  };
  const reason = `started by ${trigger}; iso tempo ${iso.bpm} BPM (${iso.source})`;
  next = { ...next, session: announcePhase(next.session, 'settling', reason, step) };
  return advance(next, step);
}

function observe(state: ProgramState, bpm: number | null, quality: number, t: number) {
  return observeHeart(state.heart, t, bpm, quality, state.params.minQuality, state.params.trendTauMs);
}

function onHeartRate(
  state: SessionState,
  input: ProgramInput & { type: 'heart_rate' },
  step: Step,
): SessionState {
  const t = step.t;
  const p = state.params;
  const heart = observe(state, input.bpm, input.quality, t);
  const trusted = heart.lastTrusted ? heart.lastBpm : null;
  let s = state.session;
  let baseline = s.baseline;
  if (trusted !== null && state.phase === 'settling' && programTime(state, t) < p.baselineWindowMs) {
    baseline = addToBaseline(baseline, trusted, coveredMs(s.tally, t));
  }
  let tally = tallyEstimate(s.tally, t, s.startT, trusted);
  tally = tallyRhythm(tally, trusted === null ? null : (input.irregular ?? null));
  if (trendSettled(heart, t, p.trendTauMs) && heart.trend !== null) {
    tally = {
      ...tally,
      minTrend: tally.minTrend === null ? heart.trend : Math.min(tally.minTrend, heart.trend),
    };
  }
  let gapSinceT = s.gapSinceT;
  if (trusted !== null && gapSinceT !== null) {
    tally = { ...tally, gaps: [...tally.gaps, { startT: gapSinceT, endT: t }] };
    step.event({
      kind: 'note',
      note: 'pulse_restored',
      detail: `pulse back after ${Math.round((t - gapSinceT) / 1000)} s`,
    });
    gapSinceT = null;
  }
  s = { ...s, baseline, tally, gapSinceT };
  const next = { ...state, heart, session: s };
  return next.phase === 'settling' ? { ...next, session: followIso(next, step) } : next;
}

function onButton(state: SessionState, button: RemoteButton, step: Step): Outcome {
  switch (button) {
    case 'start_stop':
      return [stop(state, 'button', 'stopped by the button', step)];
    case 'snooze':
      if (state.phase === 'paused') return [resume(state, 'snooze button pressed again', step)];
      return [pause(state, state.params.snoozeMs, 'the snooze button', step)];
    case 'louder':
      return adjustVolume(state, 1, step);
    case 'quieter':
      return adjustVolume(state, -1, step);
    case 'brighter':
      return adjustLight(state, 1, step);
    case 'dimmer':
      return adjustLight(state, -1, step);
  }
}

function onCommand(state: SessionState, command: ProgramCommand, step: Step): Outcome {
  switch (command.name) {
    case 'start':
      return [state, 'a session is already running'];
    case 'stop':
      return [stop(state, 'command', 'stopped by a command', step)];
    case 'snooze': {
      const ms = snoozeMs(command.minutes, state.params);
      if (state.phase === 'paused') return [{ ...state, pause: { ...state.pause, untilT: step.t + ms } }];
      return [pause(state, ms, 'a command', step)];
    }
  }
}

/** A command may ask for its own snooze length, within 1–30 min (the config range). */
function snoozeMs(minutes: number | undefined, p: ProgramParams): number {
  if (minutes === undefined || !Number.isFinite(minutes)) return p.snoozeMs;
  return Math.min(30, Math.max(1, minutes)) * 60_000;
}

function onFault(state: SessionState, fault: Fault, step: Step): SessionState {
  step.event({ kind: 'note', note: 'fault', detail: faultText(fault) });
  return { ...state, session: { ...state.session, tally: tallyFault(state.session.tally, fault) } };
}

function faultText(fault: Fault): string {
  return `${fault.port} fault ${fault.code}`;
}

/**
 * Moves the session along its clock: the pulse watch, the phase deadlines, the calm point, the
 * plans of volume and light, and the samples. Runs after every input of a session.
 */
function advance(state: SessionState, step: Step): ProgramState {
  let st = watchPulse(state, step);
  if (step.t >= maxEndT(st)) return finish(st, 'ended', 'timer', 'maximum session length reached', step);
  for (let moves = 0; moves < 4; moves++) {
    const moved = nextPhase(st, step);
    if (moved === undefined) break;
    if (!isInSession(moved)) return moved;
    st = moved;
  }
  st = { ...st, session: steerVolume(st, step) };
  st = { ...st, session: steerLight(st, step) };
  return { ...st, session: recordSample(st, step) };
}

/** The phase this session moves to now, if any. */
function nextPhase(st: SessionState, step: Step): ProgramState | undefined {
  const p = st.params;
  const t = step.t;
  const now = programTime(st, t);
  switch (st.phase) {
    case 'settling':
      return now >= p.settleMs ? enterDescending(st, step) : undefined;
    case 'descending': {
      const fadeMs = fadeLengthMs(st, t);
      if (now >= p.sessionMs - fadeMs) return enterFading(st, 'timer', timerReason(st), step);
      if (t >= maxEndT(st) - fadeMs) {
        return enterFading(st, 'timer', 'maximum session length: fading to silence', step);
      }
      const watched = watchCalm(st, now, t);
      if (watched.reason !== undefined) return enterFading(watched.state, 'calm', watched.reason, step);
      return watched.state === st ? undefined : watched.state;
    }
    case 'fading':
      if (t < fadeEndT(st, st.fade) || volumeNow(st.session, t) > SILENCE_FLOOR_DBA + EPS) return undefined;
      return finish(st, 'ended', st.fade.cause, endDetail(st), step);
    case 'paused':
      return t >= st.pause.untilT ? resume(st, 'snooze over', step) : undefined;
  }
}

/** No trusted pulse for 30 s (CLINICAL.md:38-39): note the gap, drop any calm candidate, carry on. */
function watchPulse(st: SessionState, step: Step): SessionState {
  const s = st.session;
  if (s.gapSinceT !== null) return st;
  const since = Math.max(s.startT, st.heart.lastValidT ?? s.startT);
  if (step.t - since < PULSE_LOST_MS) return st;
  const seconds = Math.round((step.t - since) / 1000);
  step.event({
    kind: 'note',
    note: 'pulse_lost',
    detail: `no trusted pulse for ${seconds} s: continuing on the timer profile`,
  });
  return { ...st, session: { ...s, gapSinceT: since, calmSinceP: null } };
}

/**
 * The calm point (CLINICAL.md:32-37): the smoothed trend has fallen the margin below the baseline
 * and stayed there (with hysteresis) for the hold time. A proxy for settling, never sleep onset.
 */
function watchCalm(st: DescendingState, now: number, t: number): { state: DescendingState; reason?: string } {
  const p = st.params;
  const s = st.session;
  const base = s.baseline.bpm;
  const trend = currentTrend(st.heart, t);
  let since = s.calmSinceP;
  if (base === null || trend === null || s.gapSinceT !== null) since = null;
  else if (since === null && trend <= base - p.calmMarginBpm) since = now;
  else if (since !== null && trend > base - p.calmMarginBpm + p.calmHysteresisBpm) since = null;
  const state = since === s.calmSinceP ? st : { ...st, session: { ...s, calmSinceP: since } };
  if (since === null || base === null || trend === null || now - since < p.calmHoldMs) return { state };
  const reason =
    `calm point: heart-rate trend ${round(trend, 1)} BPM stayed ≥ ${p.calmMarginBpm} BPM under ` +
    `the baseline ${round(base, 1)} for ${round(p.calmHoldMs / 60_000, 1)} min`;
  return { state, reason };
}

function timerReason(st: DescendingState): string {
  if (st.session.baseline.bpm === null) return 'timer: session time; no baseline to judge a calm point';
  return 'timer: session time without a calm point';
}

function endDetail(st: SessionState & { phase: 'fading' }): string {
  const minutes = (t: number) => round((t - st.session.startT) / 60_000, 1);
  if (st.fade.cause === 'calm' && st.session.calmPoint) {
    return `faded to silence after the calm point at ${minutes(st.session.calmPoint.t)} min`;
  }
  if (st.session.baseline.bpm === null) return 'timer: no baseline, so no calm point could be judged';
  return 'timer: the heart rate reached no calm point within the session';
}
