import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedLight } from '../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../device/ports/remote/simulated.js';
import { defaultTimerProgram } from '../../device/program/timer-program.js';
import { PatientModel, patientProfiles } from '../../device/sim/patient.js';
import { StateDir } from '../../device/telemetry/state-dir.js';
import { Unit } from '../../device/unit.js';
import { VirtualClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';
import { RecordingTelemetry } from '../fakes/recording-telemetry.js';
import { tempDir } from '../helpers/temp-dir.js';

function build(stateDirPath: string) {
  const clock = new VirtualClock();
  const stateDir = StateDir.open(stateDirPath);
  const telemetry = new RecordingTelemetry(stateDir);
  const remote = new SimulatedRemote();
  const light = new SimulatedLight(clock, 0.3);
  const patient = new PatientModel(patientProfiles.typical, 'test', clock.now());
  const unit = new Unit({
    id: 'bed-1',
    clock,
    log: silentLogger(),
    ports: { pulse: new SimulatedPulse(clock, patient), light, remote },
    telemetry,
    stateDir,
    program: { ...defaultTimerProgram, sessionMs: 20 * 60_000 },
    firmware: 'test',
    simulated: true,
    calibration: { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 },
  });
  return { clock, telemetry, remote, light, unit };
}

describe('Unit', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });
  const stateDirPath = () => {
    const d = tempDir();
    dirs.push(d);
    return join(d.path, 'state');
  };

  it('reads the pulse outside a session and reports it in state', async () => {
    const { clock, telemetry, unit } = build(stateDirPath());
    await unit.start();
    await clock.advanceAsync(5_000);
    expect(telemetry.lastState).toMatchObject({ phase: 'idle', session_id: null });
    expect(telemetry.lastState?.bpm).toBeGreaterThan(55);
    await unit.stop();
  });

  it('runs a session to its timer and reports its events with contiguous seq', async () => {
    const { clock, telemetry, remote, unit } = build(stateDirPath());
    await unit.start();
    remote.press('start_stop');
    await clock.advanceAsync(21 * 60_000);
    expect(telemetry.events.map((e) => (e.type === 'phase' ? e.phase : e.type))).toEqual([
      'started',
      'settling',
      'descending',
      'fading',
      'stopped',
    ]);
    expect(telemetry.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(telemetry.events.at(-1)).toMatchObject({ type: 'stopped', end_reason: 'timer' });
    expect(telemetry.lastState).toMatchObject({ phase: 'idle', volume_db: null, light: 0 });
    // A sample every tick of the session, and a report after the stop event (seq shared with events).
    expect(telemetry.samples.length).toBeGreaterThanOrEqual(20 * 60 - 2);
    expect(telemetry.samples.every((x) => x.session_id === telemetry.events[0]?.session_id)).toBe(true);
    expect(telemetry.reports).toHaveLength(1);
    expect(telemetry.reports[0]).toMatchObject({ end_reason: 'timer', duration_s: 20 * 60, seq: 5 });
    expect(telemetry.reports[0]?.valid_pulse_fraction).toBeGreaterThan(0.9);
    expect(telemetry.reports[0]?.baseline_bpm).toBeGreaterThan(50);
    await unit.stop();
  });

  it('darkens at once when the button stops a session', async () => {
    const { clock, telemetry, remote, light, unit } = build(stateDirPath());
    await unit.start();
    remote.press('start_stop');
    await clock.advanceAsync(60_000);
    expect(light.level()).toBeGreaterThan(0);
    remote.press('start_stop');
    await clock.advanceAsync(0);
    expect(light.level()).toBe(0);
    expect(telemetry.events.at(-1)).toMatchObject({ type: 'stopped', end_reason: 'button' });
    await unit.stop();
  });

  it('closes a session cut off by a restart as a fault', async () => {
    const path = stateDirPath();
    const first = build(path);
    await first.unit.start();
    first.remote.press('start_stop');
    await first.clock.advanceAsync(60_000);
    // Power cut: no stop(). A new process opens the same state dir.
    const second = build(path);
    await second.unit.start();
    const stopped = second.telemetry.events[0];
    expect(stopped).toMatchObject({ type: 'stopped', end_reason: 'fault' });
    expect(stopped?.session_id).toBe(first.telemetry.events[0]?.session_id);
    expect(stopped?.seq).toBe((first.telemetry.events.at(-1)?.seq ?? -1) + 1);
    expect(second.telemetry.reports[0]).toMatchObject({
      session_id: stopped?.session_id,
      end_reason: 'fault',
      valid_pulse_fraction: null,
      seq: (stopped?.seq ?? 0) + 1,
    });
    expect(second.unit.inSession).toBe(false);
    await second.unit.stop();
  });
});
