import { VirtualClock } from '../../shared/clock.js';
import { WavFileSink } from '../ports/audio/wav-file.js';
import { defaultTimerProgram, type TimerProgramParams, timerProgramAt } from '../program/timer-program.js';
import type { PatientProfileName } from '../sim/patient.js';
import type { Calibration } from './calibration.js';
import { GenerativeSource } from './generative/generative-source.js';
import type { PresetName } from './generative/presets.js';
import { csvTrace, type HeartRateTrace, simulatedTrace, summariseHeartRate } from './heart-rate-trace.js';
import { MusicPlayer } from './player.js';

export interface OfflineSessionOptions {
  minutes: number;
  out: string;
  seed: string;
  profile: PatientProfileName;
  preset: PresetName;
  hrCsv?: string;
  calibration?: Partial<Calibration>;
}

/** The fixed start of every offline session: the same arguments give the same bytes and report. */
export const OFFLINE_START_MS = Date.UTC(2026, 0, 1, 21, 0, 0);
/** The program's tick, as on the unit: music follows each tick's output with a ramp this long. */
const TICK_MS = 1000;

/**
 * Runs a whole session offline on a VirtualClock into a WAV file and returns its report (the
 * `session/report` body). Until the heart-rate program (issue 7) lands, the session is the timer
 * program the unit runs: fade in, a tempo glide 72 → 60 BPM, then a fade to silence, linear in dB,
 * ending with the timer. The heart rate (simulated patient or a recorded trace) is read every
 * second for the report, as the program will read it.
 */
export async function runOfflineSession(o: OfflineSessionOptions): Promise<Record<string, unknown>> {
  const clock = new VirtualClock(OFFLINE_START_MS);
  const sink = new WavFileSink(o.out);
  const player = new MusicPlayer({ clock, sink, calibration: o.calibration, leadMs: 0, blockMs: 100 });
  const levels = player.engine.levelMap;
  const source = GenerativeSource.fromPreset(o.preset, o.seed);
  const trace: HeartRateTrace = o.hrCsv ? csvTrace(o.hrCsv) : simulatedTrace(o.profile, o.seed, clock.now());
  const program: TimerProgramParams = { ...defaultTimerProgram, sessionMs: Math.round(o.minutes * 60_000) };
  const first = timerProgramAt(0, program);

  await player.start();
  player.load(source);
  player.setTempo(first.tempoBpm, 0);
  const heartRate: (number | null)[] = [];
  let fadeStartS: number | null = null;
  for (let t = 0; t < program.sessionMs; t += TICK_MS) {
    const step = Math.min(TICK_MS, program.sessionMs - t);
    const next = timerProgramAt(t + step, program);
    if (fadeStartS === null && timerProgramAt(t, program).phase === 'fading') fadeStartS = t / 1000;
    player.setTempo(next.tempoBpm, step);
    player.setVolume(next.volumeDba, step);
    heartRate.push(trace.bpmAt(t / 1000));
    clock.advance(step);
  }
  const music = {
    ...source.describe(),
    limiter_max_reduction_db: round(player.engine.limiterReductionDb, 2),
  };
  const end = player.snapshot();
  await player.stop();
  const peak = sink.peakDbfs;
  return {
    duration_s: program.sessionMs / 1000,
    end_reason: 'timer',
    ...summariseHeartRate(heartRate),
    // The timer program does not look for a calm point; the heart-rate program (issue 7) will.
    calm_point_s: null,
    fade_start_s: fadeStartS,
    volume_cap_dbfs: round(levels.capDbfs, 2),
    volume_cap_dba: levels.capDba,
    peak_dbfs: peak === null ? null : round(peak, 2),
    seed: o.seed,
    parameters: {
      program: 'timer',
      minutes: o.minutes,
      profile: o.hrCsv ? null : o.profile,
      hr_csv: o.hrCsv ?? null,
      preset: o.preset,
      sample_rate_hz: 48_000,
      start_volume_dba: program.startVolumeDba,
      fade_in_s: program.fadeInMs / 1000,
      dba_at_0dbfs: levels.dbaAt0Dbfs,
      calibrated: o.calibration?.dbaAt0Dbfs !== undefined,
      tempo_start_bpm: first.tempoBpm,
      tempo_end_bpm: round(end.tempoBpm, 2),
      heart_rate: trace.describe(),
    },
    music,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
