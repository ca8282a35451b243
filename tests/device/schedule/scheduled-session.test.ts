import { describe, expect, it } from 'vitest';
import { MusicPlayer } from '../../../device/music/player.js';
import { SessionMusic } from '../../../device/music/session-music.js';
import { WavFileSink } from '../../../device/ports/audio/wav-file.js';
import { SimulatedLight } from '../../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../../device/ports/remote/simulated.js';
import { configForSessionLength, programParams } from '../../../device/program/params.js';
import { entryProgram } from '../../../device/schedule/entry-program.js';
import { configProtocol } from '../../../device/schedule/unit-schedule.js';
import { PatientModel, patientProfiles } from '../../../device/sim/patient.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { Unit } from '../../../device/unit/unit.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { paramsHash } from '../../../shared/schemas/protocol.js';
import { scheduleEntrySchema } from '../../../shared/schemas/schedule.js';
import { RecordingTelemetry } from '../../fakes/recording-telemetry.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const calibration = { calibrated: true, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };
const MIN = 60_000;

describe('a scheduled session runs its entry’s program', () => {
  const dir = useTempDirs();

  it('with the protocol’s parameters at the entry’s length, start volume, light and preset; the next session is the unit’s own again', async () => {
    const clock = new VirtualClock();
    const log = silentLogger();
    const patient = new PatientModel(patientProfiles.typical, 'sched', clock.now());
    const telemetry = new RecordingTelemetry('bed-1', clock);
    // The shortest sessions CLINICAL.md allows: every simulated minute renders real audio.
    const own = configForSessionLength(defaultProgramConfig, 20);
    const stateDir = StateDir.open(dir('state'));
    const light = new SimulatedLight(clock, calibration.light_cap);
    const unit = new Unit({
      id: 'bed-1',
      clock,
      log,
      ports: {
        pulse: new SimulatedPulse(clock, patient, { seed: 'sched' }),
        light,
        remote: new SimulatedRemote(),
      },
      telemetry,
      stateDir,
      program: programParams(own, calibration),
      protocol: configProtocol(own),
      audio: {
        player: new MusicPlayer({
          clock,
          sink: new WavFileSink(`${dir('audio')}.wav`),
          leadMs: 0,
          blockMs: 100,
        }),
        music: new SessionMusic({ preset: 'deep', playlist: [], log }),
      },
      firmware: 'test',
      simulated: true,
      calibration,
    });
    await unit.start();
    const entry = scheduleEntrySchema.parse({
      days: ['mon'],
      time: '22:00',
      duration_min: 20,
      start_volume_dba: 50,
      light: false,
      preset: 'airy',
    });
    const config = entryProgram(entry);
    if (!config) throw new Error('iso-45 at 20 min must resolve');
    const protocol = { ...entry.protocol, hash: paramsHash(config) };
    await unit.startSession('schedule', {
      protocol,
      program: programParams(config, calibration),
      preset: 'airy',
    });
    await clock.advanceAsync(5 * MIN);
    expect(light.level()).toBe(0); // light off for this entry
    await clock.advanceAsync(20 * MIN);
    expect(unit.inSession).toBe(false);
    await unit.startSession('button');
    await clock.advanceAsync(25 * MIN);
    const [scheduled, button] = telemetry.of('session/report');
    expect(scheduled).toMatchObject({
      trigger: 'schedule',
      planned_s: 20 * 60,
      protocol: { name: 'iso-45', version: 1, hash: paramsHash(config) },
      params: {
        program: { session_minutes: 20, start_volume_dba: 50, start_light: 0 },
        music: { preset: 'airy' },
      },
    });
    expect(button).toMatchObject({
      trigger: 'button',
      planned_s: 20 * 60,
      protocol: { name: 'unit-config', hash: paramsHash(own) },
      params: { music: { preset: 'deep' } },
    });
    await unit.stop();
    stateDir.close();
  }, 120_000); // two sessions rendered in full: slow on a loaded 2-core machine
});
