import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MusicPlayer } from '../../../device/music/player.js';
import { SessionMusic } from '../../../device/music/session-music.js';
import type { AudioSink } from '../../../device/ports/audio/index.js';
import { WavFileSink } from '../../../device/ports/audio/wav-file.js';
import { SimulatedLight } from '../../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../../device/ports/remote/simulated.js';
import { configForSessionLength, programParams } from '../../../device/program/params.js';
import { PatientModel, patientProfiles } from '../../../device/sim/patient.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { Unit } from '../../../device/unit/unit.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { DeadAudioSink } from '../../fakes/dead-audio-sink.js';
import { RecordingTelemetry } from '../../fakes/recording-telemetry.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };
const MIN = 60_000;

describe('the unit plays its music through the audio port', () => {
  const dir = useTempDirs();

  async function makeUnit(sink: AudioSink) {
    const clock = new VirtualClock();
    const log = silentLogger();
    const patient = new PatientModel(patientProfiles.typical, 'audio', clock.now());
    const telemetry = new RecordingTelemetry('bed-1', clock);
    const player = new MusicPlayer({ clock, sink, leadMs: 0, blockMs: 100 });
    const light = new SimulatedLight(clock, calibration.light_cap);
    const stateDir = StateDir.open(dir('state'));
    const unit = new Unit({
      id: 'bed-1',
      clock,
      log,
      ports: {
        pulse: new SimulatedPulse(clock, patient, { seed: 'audio' }),
        light,
        remote: new SimulatedRemote(),
      },
      telemetry,
      stateDir,
      // A short session (every phase scaled down) keeps the rendered audio small.
      program: programParams(configForSessionLength(defaultProgramConfig, 5), calibration),
      audio: { player, music: new SessionMusic({ preset: 'deep', playlist: [], log }) },
      firmware: 'test',
      simulated: true,
      calibration,
    });
    unit.onSessionStarted(() => patient.beginWindDown(clock.now()));
    await unit.start();
    return { unit, clock, telemetry, player, light, stateDir };
  }

  it('loads the session music at the start, plays it under the cap, and unloads it after the end', async () => {
    const path = `${dir('audio')}.wav`;
    const { unit, clock, telemetry, player, stateDir } = await makeUnit(new WavFileSink(path));
    await clock.advanceAsync(MIN);
    await unit.startSession('button');
    await clock.advanceAsync(5_000);
    expect(player.snapshot().source).not.toBeNull();
    await clock.advanceAsync(10 * MIN);
    expect(unit.inSession).toBe(false);
    expect(player.snapshot().source).toBeNull();
    const [report] = telemetry.of('session/report');
    expect(report?.params.music).toEqual({ source: 'generative', preset: 'deep' });
    await unit.stop();
    stateDir.close();

    const pcm = new Int16Array(readFileSync(path).buffer.slice(44));
    let peak = 0;
    for (const v of pcm) peak = Math.max(peak, Math.abs(v));
    const peakDbfs = 20 * Math.log10(peak / 32767);
    expect(peakDbfs).toBeGreaterThan(-60); // music played
    expect(peakDbfs).toBeLessThanOrEqual(-30); // never above the 55 dB(A) cap
  });

  it('reports a missing sound device as an audio fault on state, the session goes on, and the fault clears when it returns', async () => {
    const sink = new DeadAudioSink();
    const { unit, clock, telemetry, light, stateDir } = await makeUnit(sink);
    await clock.advanceAsync(MIN);
    await unit.startSession('button');
    await clock.advanceAsync(MIN);
    const state = telemetry.states.at(-1);
    expect(state?.faults).toEqual([
      expect.objectContaining({ port: 'audio', code: 'E_AUDIO_DEVICE_MISSING' }),
    ]);
    expect(unit.inSession).toBe(true);
    expect(light.level()).toBeGreaterThan(0);
    sink.plugIn();
    await clock.advanceAsync(5_000);
    expect(telemetry.states.at(-1)?.faults).toEqual([]);
    await clock.advanceAsync(10 * MIN);
    expect(telemetry.of('session/report')).toHaveLength(1);
    await unit.stop();
    stateDir.close();
  });
});
