import { describe, expect, it } from 'vitest';
import { SimulatedLight } from '../../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../../device/ports/remote/simulated.js';
import { programParams } from '../../../device/program/params.js';
import { ScheduleRunner } from '../../../device/schedule/runner.js';
import { ScheduleStore } from '../../../device/schedule/store.js';
import { PatientModel, patientProfiles } from '../../../device/sim/patient.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { Unit } from '../../../device/unit/unit.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { stateSchema } from '../../../shared/schemas/state.js';
import { RecordingTelemetry } from '../../fakes/recording-telemetry.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };

describe('state while the clock has not been synchronised since boot', () => {
  const dir = useTempDirs();

  it('says schedule_hold: clock_unsynced and the next start, then drops the hold once synchronised', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 5, 1, 12));
    const stateDir = StateDir.open(dir('state'));
    const telemetry = new RecordingTelemetry('bed-1', clock);
    let synced = false;
    const schedule = new ScheduleRunner({
      clock,
      log: silentLogger(),
      store: new ScheduleStore(stateDir.db),
      clockSynced: () => synced,
      start: () => true,
    });
    const patient = new PatientModel(patientProfiles.typical, 'hold', clock.now());
    const unit = new Unit({
      id: 'bed-1',
      clock,
      log: silentLogger(),
      ports: {
        pulse: new SimulatedPulse(clock, patient, { seed: 'hold' }),
        light: new SimulatedLight(clock, 0.3),
        remote: new SimulatedRemote(),
      },
      telemetry,
      stateDir,
      program: programParams(defaultProgramConfig, calibration),
      firmware: 'test',
      simulated: true,
      calibration,
      nextSessionAt: () => schedule.nextSessionAt(),
      scheduleHold: () => schedule.hold(),
    });
    schedule.start();
    await unit.start();
    schedule.receive(
      Buffer.from(
        JSON.stringify({
          version: 1,
          issued_at: clock.now(),
          timezone: 'UTC',
          entries: [
            { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '22:00', duration_min: 45 },
          ],
        }),
      ),
    );
    await clock.advanceAsync(2000);
    const held = telemetry.states.at(-1);
    expect(held).toMatchObject({
      schedule_hold: 'clock_unsynced',
      next_session_at: Date.UTC(2026, 5, 1, 22),
    });
    expect(stateSchema.safeParse({ ...held, v: 1, unit: 'bed-1', ts: clock.now() }).success).toBe(true);
    synced = true;
    await clock.advanceAsync(2000);
    expect(telemetry.states.at(-1)?.schedule_hold).toBeUndefined();
    schedule.stop();
    await unit.stop();
    stateDir.close();
  });
});
