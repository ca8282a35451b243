import { createHash } from 'node:crypto';
import { UNCALIBRATED } from '../../shared/calibration.js';
import { VirtualClock } from '../../shared/clock.js';
import { Random } from '../../shared/random.js';
import {
  defaultProgramConfig,
  type ProgramConfig,
  type SessionCalibration,
} from '../../shared/schemas/program-params.js';
import type { SessionReportBody } from '../../shared/schemas/session-report.js';
import type { SessionSample } from '../../shared/schemas/session-samples.js';
import type { MusicControl } from '../music/control.js';
import { SimulatedLight } from '../ports/light/simulated.js';
import type { RemoteButton } from '../ports/remote/index.js';
import type { HeartRateEstimate } from '../signal/estimate.js';
import { PatientModel, type PatientProfileName, patientProfiles } from '../sim/patient.js';
import { MemoryBaselineStore } from './baseline-store.js';
import { type HeartRatePoint, heartRateAt } from './hr-trace.js';
import { configForSessionLength, programParams } from './params.js';
import { ProgramRunner, TICK_MS } from './runner.js';
import type { ProgramCommand, ProgramEffect } from './types.js';

/** Offline sessions start at a fixed time, so the same arguments give the same report. */
export const OFFLINE_START_MS = Date.UTC(2026, 0, 1, 21, 0, 0);
/** Heart-rate estimates every 2 s, as the signal pipeline gives them (8-s windows every 2 s). */
const ESTIMATE_EVERY_MS = 2000;
/** The patient lies down with the finger on the sensor this long before pressing start. */
const PRE_ROLL_MS = 30_000;
/** Estimation error of a fingertip PPG: a few BPM (CLINICAL.md:40-41). */
const ESTIMATE_NOISE_BPM = 1.5;

export interface OfflineAction {
  /** Seconds from the session start. */
  atS: number;
  button?: RemoteButton;
  command?: ProgramCommand;
}

export interface OfflineSessionOptions {
  /** Session length setting, minutes (default: the config's). Below 20 every phase is scaled down. */
  minutes?: number;
  seed?: string | number;
  /** The simulated patient (default `typical`); ignored when `trace` is given. */
  profile?: PatientProfileName;
  /** A recorded heart-rate trace (`t_s` from the session start) instead of the simulated patient. */
  trace?: readonly HeartRatePoint[];
  /** Whether the pulse is irregular at `tS` seconds from the start, as the estimates judge it (default: not judged). */
  irregular?: (tS: number) => boolean | null;
  config?: ProgramConfig;
  calibration?: SessionCalibration;
  storedBaselineBpm?: number | null;
  /** Stretches without pulse, seconds from the start: the sensor gives no valid estimate. */
  dropouts?: readonly { fromS: number; toS: number }[];
  /** Buttons and commands during the session. */
  actions?: readonly OfflineAction[];
  /** The music engine, when one renders the session (`nocturne render`). */
  music?: MusicControl;
  /** The clock to run on (the music engine may render from it); default a VirtualClock at OFFLINE_START_MS. */
  clock?: VirtualClock;
  measuredPeakDbfs?: () => number | null;
  /** Called at the session start, just before the program's first effect (render starts its audio here). */
  onSessionStart?: () => void;
}

export interface OfflineSession {
  report: SessionReportBody;
  /** Every effect with its time in ms from the session start, in order. */
  timeline: { tMs: number; effect: ProgramEffect }[];
  samples: SessionSample[];
}

/**
 * Runs one whole session offline: the real runner and program on a virtual clock, against the
 * simulated patient or a recorded trace. Pure in effect — same options, same result — and fast
 * (a 45-min session in a few ms of program work), so `nocturne render` can drive the music
 * engine with it and tests can run hundreds of sessions.
 */
export function runOfflineSession(o: OfflineSessionOptions = {}): OfflineSession {
  const seed = o.seed ?? 1;
  const base = o.config ?? defaultProgramConfig;
  const config = o.minutes === undefined ? base : configForSessionLength(base, o.minutes);
  const params = programParams(config, o.calibration ?? UNCALIBRATED);
  const clock = o.clock ?? new VirtualClock(OFFLINE_START_MS - PRE_ROLL_MS);
  const startMs = clock.now() + PRE_ROLL_MS;
  const estimate = estimator(o, seed, startMs);
  const runner = new ProgramRunner({
    clock,
    params,
    light: new SimulatedLight(clock, params.lightCap),
    music: o.music,
    baselines: new MemoryBaselineStore(o.storedBaselineBpm ?? null),
    newSessionId: () => offlineSessionId(seed),
    seed,
    measuredPeakDbfs: o.measuredPeakDbfs,
  });
  const timeline: OfflineSession['timeline'] = [];
  const samples: SessionSample[] = [];
  let report: SessionReportBody | undefined;
  runner.onEffect(({ t, effect }) => timeline.push({ tMs: t - startMs, effect }));
  runner.onSamples((batch) => samples.push(...batch.samples));
  runner.onReport((r) => {
    report = r;
  });
  runner.start();
  const feed = clock.setInterval(() => runner.heartRate(estimate(clock.now())), ESTIMATE_EVERY_MS);
  clock.setTimeout(() => {
    o.onSessionStart?.();
    runner.command({ name: 'start', trigger: 'auto' });
  }, PRE_ROLL_MS);
  for (const action of o.actions ?? []) {
    clock.setTimeout(
      () => {
        if (action.button) runner.button(action.button);
        if (action.command) runner.command(action.command);
      },
      PRE_ROLL_MS + action.atS * 1000,
    );
  }
  const deadline = startMs + params.maxSessionMs + 2 * TICK_MS;
  while (report === undefined && clock.now() < deadline) clock.advance(TICK_MS);
  feed.cancel();
  runner.stop();
  if (report === undefined) throw new Error('offline session did not end by its maximum length');
  return { report, timeline, samples };
}

/** Heart-rate estimates of the simulated patient (with estimation noise) or of the trace. */
function estimator(
  o: OfflineSessionOptions,
  seed: string | number,
  startMs: number,
): (t: number) => HeartRateEstimate {
  const dropouts = o.dropouts ?? [];
  const inDropout = (tS: number) => dropouts.some((d) => tS >= d.fromS && tS < d.toS);
  if (o.trace) {
    const trace = o.trace;
    return (t) => {
      const tS = (t - startMs) / 1000;
      const bpm = inDropout(tS) ? null : heartRateAt(trace, tS);
      return { t, bpm, quality: bpm === null ? 0 : 1, source: 'ppg', irregular: o.irregular?.(tS) ?? null };
    };
  }
  const patient = new PatientModel(patientProfiles[o.profile ?? 'typical'], seed, startMs - PRE_ROLL_MS);
  patient.beginWindDown(startMs);
  const noise = new Random(`estimates:${seed}`);
  return (t) => {
    const tS = (t - startMs) / 1000;
    const bpm = patient.heartRateAt(t) + ESTIMATE_NOISE_BPM * noise.gaussian();
    const quality = 0.8 + 0.2 * noise.next();
    if (inDropout(tS)) return { t, bpm: null, quality: 0, source: 'ppg' };
    return { t, bpm, quality, source: 'ppg' };
  };
}

/** A session id from the seed: the same seed, the same id. */
export function offlineSessionId(seed: string | number): string {
  return `offline-${createHash('sha256').update(String(seed)).digest('hex').slice(0, 12)}`;
}
