import { UNCALIBRATED } from '../../shared/calibration.js';
import { VirtualClock } from '../../shared/clock.js';
import { roundOrNull } from '../../shared/round.js';
import type { SessionCalibration } from '../../shared/schemas/program-params.js';
import { type SessionReportBody, sessionReportBodySchema } from '../../shared/schemas/session-report.js';
import { GenerativeSource } from '../music/generative/generative-source.js';
import type { PresetName } from '../music/generative/presets.js';
import { MusicPlayer } from '../music/player.js';
import { WavFileSink } from '../ports/audio/wav-file.js';
import { readHeartRateCsv } from '../program/hr-trace.js';
import { OFFLINE_START_MS, runOfflineSession } from '../program/offline.js';
import type { PatientProfileName } from '../sim/patient.js';

export interface RenderOptions {
  /** Session length setting, minutes (the session may end earlier, at a calm point). */
  minutes: number;
  out: string;
  seed: string;
  profile: PatientProfileName;
  preset: PresetName;
  /** A recorded heart-rate trace (CSV `t_s,bpm`) instead of the simulated patient. */
  hrCsv?: string;
  calibration?: SessionCalibration;
}

/** The patient lies down 30 s before the start (the program's pre-roll); the clock starts there. */
const PRE_ROLL_MS = 30_000;
/**
 * Silence kept after the session's end, so a file always ends in seconds of silence (DESIGN.md:
 * "the last seconds are silence, below −70 dBFS") even when the fade's last step was audible.
 */
const SILENT_TAIL_MS = 3000;

/**
 * `nocturne render`: the whole wind-down program, run offline on a virtual clock against the
 * simulated patient or a recorded trace, driving the real music engine into a WAV file. The same
 * options give the same bytes and the same report.
 */
export async function renderSession(o: RenderOptions): Promise<SessionReportBody> {
  const calibration = o.calibration ?? UNCALIBRATED;
  const clock = new VirtualClock(OFFLINE_START_MS - PRE_ROLL_MS);
  const sink = new WavFileSink(o.out);
  const player = new MusicPlayer({
    clock,
    sink,
    calibration: { dbaAt0Dbfs: calibration.dba_at_0dbfs, capDba: calibration.volume_cap_dba },
    leadMs: 0,
    blockMs: 100,
  });
  player.load(GenerativeSource.fromPreset(o.preset, o.seed));
  await sink.start();
  const trace = o.hrCsv === undefined ? undefined : readHeartRateCsv(o.hrCsv);
  const { report } = runOfflineSession({
    minutes: o.minutes,
    seed: o.seed,
    profile: o.profile,
    trace,
    calibration,
    clock,
    music: player,
    onSessionStart: () => player.begin(),
    measuredPeakDbfs: () => roundOrNull(sink.peakDbfs, 2),
  });
  clock.advance(SILENT_TAIL_MS);
  await player.stop();
  return sessionReportBodySchema.parse({
    ...report,
    params: {
      ...report.params,
      music: { source: 'generative', preset: o.preset },
      heart_rate: trace
        ? { source: 'trace', profile: null, trace_file: o.hrCsv }
        : { source: 'simulated', profile: o.profile, trace_file: null },
    },
  });
}
