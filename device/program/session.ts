import { round } from '../../shared/round.js';
import type { Phase } from '../../shared/schemas/common.js';
import { SILENCE_FLOOR_DBA } from './params.js';
import { levelAt, rampTo } from './ramp.js';
import type { Fade, ProgramEffect, ProgramEvent, ProgramState, Session, SessionState } from './types.js';

/** Levels closer than this are the same level. */
export const EPS = 1e-6;
/** A phase reason fits the `session/event` schema. */
const MAX_REASON = 200;

/** Collects the effects of one transition, in order. */
export class Step {
  readonly effects: ProgramEffect[] = [];

  constructor(readonly t: number) {}

  emit(effect: ProgramEffect): void {
    this.effects.push(effect);
  }

  event(event: ProgramEvent): void {
    this.effects.push({ type: 'event', event });
  }
}

/** Program time: ms since the start with snoozes taken out; it stands still while paused. */
export function programTime(state: SessionState, t: number): number {
  if (state.phase === 'paused') return state.pause.atP;
  return t - state.session.startT - state.session.pausedMs;
}

/** The wall time at which the program clock reaches `p`, if nothing pauses it. */
export function wallOf(session: Session, p: number): number {
  return session.startT + session.pausedMs + p;
}

export function maxEndT(state: ProgramState & { session: Session }): number {
  return state.session.startT + state.params.maxSessionMs;
}

export function glideEndT(state: ProgramState & { session: Session }): number {
  return wallOf(state.session, state.params.settleMs + state.params.glideMs);
}

export function fadeEndT(state: ProgramState & { session: Session }, fade: Fade): number {
  return Math.min(wallOf(state.session, fade.endP), maxEndT(state));
}

export function volumeNow(session: Session, t: number): number {
  return session.muted ? SILENCE_FLOOR_DBA : levelAt(session.volume, t);
}

export function lightNow(session: Session, t: number): number {
  return levelAt(session.light, t);
}

export function tempoNow(session: Session, t: number): number {
  return levelAt(session.tempo, t);
}

/**
 * Commands a volume ramp. Every volume the program ever asks for passes here, and here it is held
 * under the cap: the cap is a property of the construction, not of each caller.
 */
export function commandVolume(state: SessionState, to: number, durationMs: number, step: Step): Session {
  const s = state.session;
  const dba = Math.min(to, state.params.volumeCapDba);
  const rampMs = Math.ceil(durationMs);
  step.emit({ type: 'volume', dba, rampMs });
  const peak = s.tally.peakDba === null ? dba : Math.max(s.tally.peakDba, dba);
  return {
    ...s,
    volume: rampTo(volumeNow(s, step.t), dba, step.t, rampMs),
    muted: false,
    tally: { ...s.tally, peakDba: peak },
  };
}

/** Commands a light ramp, held under the light cap. */
export function commandLight(state: SessionState, to: number, durationMs: number, step: Step): Session {
  const s = state.session;
  const level = Math.min(Math.max(0, to), state.params.lightCap);
  const rampMs = Math.ceil(durationMs);
  step.emit({ type: 'light', level, rampMs });
  return { ...s, light: rampTo(lightNow(s, step.t), level, step.t, rampMs) };
}

export function commandTempo(session: Session, bpm: number, glideMs: number, step: Step): Session {
  const target = round(bpm, 1);
  const ms = Math.ceil(glideMs);
  step.emit({ type: 'tempo', bpm: target, glideMs: ms });
  return { ...session, tempo: rampTo(tempoNow(session, step.t), target, step.t, ms) };
}

/** Records and announces a phase change with its reason. */
export function announcePhase(session: Session, phase: Phase, reason: string, step: Step): Session {
  const text = reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason;
  step.event({ kind: 'phase', phase, reason: text });
  return {
    ...session,
    tally: { ...session.tally, phases: [...session.tally.phases, { phase, t: step.t, reason: text }] },
  };
}

/** Seconds from the session start, to 0.1 s. */
export function secondsSince(startT: number, t: number): number {
  return round(Math.max(0, t - startT) / 1000, 1);
}
