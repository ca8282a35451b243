import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MusicPlayer } from '../../device/music/player.js';
import { SessionMusic } from '../../device/music/session-music.js';
import { NullAudioSink } from '../../device/ports/audio/null.js';
import { SimulatedLight } from '../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../device/ports/remote/simulated.js';
import { runOfflineSession } from '../../device/program/offline.js';
import { programParams } from '../../device/program/params.js';
import { PatientModel, patientProfiles } from '../../device/sim/patient.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import { Unit } from '../../device/unit/unit.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { defaultProgramConfig } from '../../shared/schemas/program-params.js';
import { RecordingTelemetry } from '../fakes/recording-telemetry.js';
import type { Bench } from './bench.js';

function offlineBench(profile: 'typical' | 'insomnia'): Bench {
  return {
    name: `program.offline-session.${profile}`,
    async run() {
      runOfflineSession({ profile, seed: 0 }); // warm-up
      const n = 20;
      let simulatedMs = 0;
      const started = performance.now();
      for (let seed = 1; seed <= n; seed++) {
        simulatedMs += runOfflineSession({ profile, seed }).report.duration_s * 1000;
      }
      const ms = performance.now() - started;
      return {
        sessions: n,
        ms_per_session: round(ms / n),
        session_minutes_mean: round(simulatedMs / n / 60_000),
        x_realtime: Math.round(simulatedMs / ms),
      };
    },
  };
}

/**
 * Time from a stop press on the remote until the music is muting and the light is off, through the
 * unit, the program and the real music player (into a null sink).
 */
const stopLatency: Bench = {
  name: 'program.stop-latency',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'nocturne-bench-'));
    const clock = new RealClock();
    const log = silentLogger();
    const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };
    const remote = new SimulatedRemote();
    const light = new SimulatedLight(clock, calibration.light_cap);
    const player = new MusicPlayer({ clock, sink: new NullAudioSink(), leadMs: 0 });
    const unit = new Unit({
      id: 'bench',
      clock,
      log,
      ports: {
        pulse: new SimulatedPulse(clock, new PatientModel(patientProfiles.typical, 1, clock.now())),
        light,
        remote,
      },
      telemetry: new RecordingTelemetry('bench', clock),
      stateDir: StateDir.open(dir),
      program: programParams(defaultProgramConfig, calibration),
      audio: { player, music: new SessionMusic({ preset: 'warm', playlist: [], log }) },
      firmware: 'bench',
      simulated: true,
      calibration,
    });
    await unit.start();
    const latencies: number[] = [];
    try {
      for (let i = 0; i < 200; i++) {
        await unit.startSession('button');
        const pressed = performance.now();
        remote.press('start_stop');
        const { muting, targetVolumeDba } = player.snapshot();
        if (!(muting || targetVolumeDba === null) || light.level() !== 0 || unit.inSession) {
          throw new Error('stop did not silence and darken');
        }
        latencies.push(performance.now() - pressed);
      }
    } finally {
      await unit.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 1000);
    return { presses: latencies.length, p50_us: at(0.5), p99_us: at(0.99), max_us: at(1), goal_ms: 200 };
  },
};

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export const benches: Bench[] = [offlineBench('typical'), offlineBench('insomnia'), stopLatency];
