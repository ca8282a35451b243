import type { EndReason, Fault, Phase, StartTrigger } from '../../shared/schemas/common.js';
import type { SessionReportBody } from '../../shared/schemas/session-report.js';
import type { SessionSample } from '../../shared/schemas/session-samples.js';
import type { RemoteButton } from '../ports/remote/index.js';
import type { Baseline } from './baseline.js';
import type { HeartTrack } from './heart.js';
import type { ProgramParams } from './params.js';
import type { Ramp } from './ramp.js';
import type { Tally } from './tally.js';

/** A remote command (MQTT `cmd/<name>`, issue 8) as the program takes it. */
export type ProgramCommand =
  | { name: 'start'; trigger?: StartTrigger }
  | { name: 'stop' }
  | { name: 'snooze'; minutes?: number };

/** Everything the program reacts to. `t` is the unit's Clock (ms); the program never reads a clock. */
export type ProgramInput =
  | { type: 'tick'; t: number }
  | {
      type: 'heart_rate';
      t: number;
      bpm: number | null;
      quality: number;
      /** The pulse was irregular over the estimate's window; null or absent when not judged. */
      irregular?: boolean | null;
    }
  | { type: 'button'; t: number; button: RemoteButton }
  | { type: 'command'; t: number; command: ProgramCommand }
  /** A port fault: recorded in the report; `fatal` (the unit is going down) ends the session. */
  | { type: 'fault'; t: number; fault: Fault; fatal: boolean };

export type NoteKind =
  | 'baseline'
  | 'pulse_lost'
  | 'pulse_restored'
  | 'calm_point'
  | 'calm_withdrawn'
  | 'fault'
  | 'button';

/** What the program tells the world; the runner logs every one and publishes the session events. */
export type ProgramEvent =
  | { kind: 'started'; trigger: StartTrigger; planned_s: number }
  | { kind: 'phase'; phase: Phase; reason: string }
  | { kind: 'ended'; end_reason: EndReason; duration_s: number; detail: string }
  | { kind: 'note'; note: NoteKind; detail: string };

/** The report as the program knows it; the runner adds the session id, the seed and the measured peak. */
export type ProgramReport = Omit<SessionReportBody, 'session_id' | 'seed' | 'peak_dbfs'>;

/**
 * What the program asks of the outside. Levels are absolute: dB(A) at the pillow, light 0..1
 * perceptual. The runner maps them onto the music engine and the light port (docs/program.md).
 */
export type ProgramEffect =
  /** Glide the tempo linearly in BPM to `bpm` over `glideMs` (0: at once). */
  | { type: 'tempo'; bpm: number; glideMs: number }
  /** Ramp linearly in dB to `dba` over `rampMs`; from mute the ramp starts at SILENCE_FLOOR_DBA. */
  | { type: 'volume'; dba: number; rampMs: number }
  /** Silence now (click-free), until the next `volume`. */
  | { type: 'mute' }
  /** Fade the light linearly along perceived brightness to `level` over `rampMs` (0: at once). */
  | { type: 'light'; level: number; rampMs: number }
  | { type: 'event'; event: ProgramEvent }
  | { type: 'sample'; sample: SessionSample }
  | { type: 'report'; report: ProgramReport };

export interface Transition {
  state: ProgramState;
  effects: ProgramEffect[];
  /** Set when the input had no effect, with why (a command is then answered `rejected`). */
  ignored?: string;
}

export type ActivePhase = 'settling' | 'descending' | 'fading';

/** The final fade: to silence and darkness by `endP` (program time). */
export interface Fade {
  cause: 'calm' | 'timer';
  startP: number;
  endP: number;
}

/** What a snooze interrupted, to resume it. */
export type Interrupted = { phase: 'settling' } | { phase: 'descending' } | { phase: 'fading'; fade: Fade };

export interface Pause {
  resume: Interrupted;
  atT: number;
  atP: number;
  untilT: number;
  /** The volume before the snooze: resuming fades back to at most this (and lower if the patient asked). */
  resumeDba: number;
}

/** One session's data, shared by every in-session phase. Times `…T` are wall (Clock) ms, `…P` program ms. */
export interface Session {
  startT: number;
  trigger: StartTrigger;
  /** Time spent snoozed: the program clock stands still meanwhile. */
  pausedMs: number;
  /** The patient's volume setting (start volume, louder/quieter), never above the cap. */
  setDba: number;
  /** The light setting: the level before the automatic dimming of the glide. */
  setLight: number;
  /** A fade-in from silence runs until then (start and resume): its target may be retargeted. */
  volumeEnvelopeEndT: number | null;
  lightEnvelopeEndT: number | null;
  volume: Ramp;
  muted: boolean;
  light: Ramp;
  tempo: Ramp;
  baseline: Baseline;
  /** Since when (program time) the trend has been below the calm threshold; null when it is not. */
  calmSinceP: number | null;
  /** The calm point that started the final fade. */
  calmPoint: { t: number; trend: number } | null;
  /** Start of the pulse gap in progress (wall); null while the pulse is present. */
  gapSinceT: number | null;
  tally: Tally;
}

interface Context {
  params: ProgramParams;
  /** Baseline from past sessions (the runner keeps it across restarts). */
  storedBaselineBpm: number | null;
  heart: HeartTrack;
  /** The latest time the program has seen; it never goes back. */
  t: number;
}

export type IdleState = Context & { phase: 'idle' };
export type SettlingState = Context & { phase: 'settling'; session: Session };
export type DescendingState = Context & { phase: 'descending'; session: Session };
export type FadingState = Context & { phase: 'fading'; session: Session; fade: Fade };
export type PausedState = Context & { phase: 'paused'; session: Session; pause: Pause };
export type DoneState = Context & {
  phase: 'ended' | 'stopped';
  session: Session;
  endReason: EndReason;
};

export type ActiveState = SettlingState | DescendingState | FadingState;
export type SessionState = ActiveState | PausedState;
export type ProgramState = IdleState | SessionState | DoneState;
