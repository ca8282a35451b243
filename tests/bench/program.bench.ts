import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightPort } from '../../device/ports/light/index.js';
import { SimulatedLight } from '../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../device/ports/remote/simulated.js';
import type { ProgramMusic } from '../../device/program/music.js';
import { runOfflineSession } from '../../device/program/offline.js';
import { programParams } from '../../device/program/params.js';
import { PatientModel, patientProfiles } from '../../device/sim/patient.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import { Unit } from '../../device/unit.js';
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

/** Time from a stop press on the remote until the music is muted and the light is off. */
const stopLatency: Bench = {
  name: 'program.stop-latency',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'nocturne-bench-'));
    const clock = new RealClock();
    const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };
    const remote = new SimulatedRemote();
    const light = new SimulatedLight(clock, calibration.light_cap);
    let mutedAt = 0;
    let darkAt = 0;
    const music: ProgramMusic = {
      setTempo() {},
      setVolume() {},
      mute() {
        mutedAt = performance.now();
      },
    };
    const lightPort: LightPort = {
      start: () => light.start(),
      stop: () => light.stop(),
      status: () => light.status(),
      onFault: (listener) => light.onFault(listener),
      level: () => light.level(),
      off: () => light.off(),
      setLevel(level, rampMs) {
        if (level === 0 && rampMs === 0) darkAt = performance.now();
        light.setLevel(level, rampMs);
      },
    };
    const unit = new Unit({
      id: 'bench',
      clock,
      log: silentLogger(),
      ports: {
        pulse: new SimulatedPulse(clock, new PatientModel(patientProfiles.typical, 1, clock.now())),
        light: lightPort,
        remote,
      },
      telemetry: new RecordingTelemetry('bench', clock),
      stateDir: StateDir.open(dir),
      program: programParams(defaultProgramConfig, calibration),
      music,
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
        latencies.push(Math.max(mutedAt, darkAt) - pressed);
        if (light.level() !== 0 || unit.inSession) throw new Error('stop did not silence and darken');
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
