import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedLight } from '../../../device/ports/light/simulated.js';
import { SimulatedPulse } from '../../../device/ports/pulse/simulated.js';
import { SimulatedRemote } from '../../../device/ports/remote/simulated.js';
import { programParams } from '../../../device/program/params.js';
import { PatientModel, type PatientProfileName, patientProfiles } from '../../../device/sim/patient.js';
import { StateDir } from '../../../device/telemetry/state-dir.js';
import { Unit } from '../../../device/unit/unit.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import { GatedPulse } from '../../fakes/gated-pulse.js';
import { RecordingTelemetry } from '../../fakes/recording-telemetry.js';

const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function makeUnit(profile: PatientProfileName = 'typical', dir?: string, gated = false) {
  const stateDirPath = dir ?? mkdtempSync(join(tmpdir(), 'nocturne-unit-'));
  if (!dir) dirs.push(stateDirPath);
  const clock = new VirtualClock();
  const patient = new PatientModel(patientProfiles[profile], 'unit-test', clock.now());
  const remote = new SimulatedRemote();
  const light = new SimulatedLight(clock, calibration.light_cap);
  const pulse = new GatedPulse(new SimulatedPulse(clock, patient));
  const telemetry = new RecordingTelemetry('bed-1', clock);
  const stateDir = StateDir.open(stateDirPath);
  const unit = new Unit({
    id: 'bed-1',
    clock,
    log: silentLogger(),
    ports: { pulse: gated ? pulse : new SimulatedPulse(clock, patient), light, remote },
    telemetry,
    stateDir,
    program: programParams(defaultProgramConfig, calibration),
    firmware: 'test',
    simulated: true,
    calibration,
  });
  unit.onSessionStarted(() => patient.beginWindDown(clock.now()));
  await unit.start();
  return { unit, clock, remote, light, telemetry, stateDirPath, pulse };
}

describe('the unit runs the wind-down program', () => {
  it('raises E_PULSE_NO_SIGNAL on state after 30 s without a valid pulse in a session, clears it when the pulse returns, and goes on', async () => {
    const { unit, clock, telemetry, pulse } = await makeUnit('typical', undefined, true);
    const pulseFaults = () =>
      (telemetry.states.at(-1)?.faults ?? []).filter((f) => f.code === 'E_PULSE_NO_SIGNAL');
    await clock.advanceAsync(60_000);
    await unit.startSession('button');
    await clock.advanceAsync(60_000);
    expect(pulseFaults()).toEqual([]);
    pulse.lift();
    await clock.advanceAsync(20_000);
    expect(pulseFaults()).toEqual([]); // not yet: CLINICAL.md allows 30 s without valid beats
    await clock.advanceAsync(20_000);
    expect(pulseFaults()).toEqual([expect.objectContaining({ port: 'pulse', code: 'E_PULSE_NO_SIGNAL' })]);
    expect(unit.inSession).toBe(true);
    pulse.place();
    await clock.advanceAsync(30_000);
    expect(pulseFaults()).toEqual([]);
    // Between sessions an empty sensor is no fault: nobody is in bed.
    await clock.advanceAsync(60 * 60_000);
    expect(unit.inSession).toBe(false);
    pulse.lift();
    await clock.advanceAsync(5 * 60_000);
    expect(pulseFaults()).toEqual([]);
    await unit.stop();
  });

  it('reports a whole session: events with reasons, samples every ≤ 10 s, and the report', async () => {
    const { unit, clock, telemetry } = await makeUnit('typical');
    await clock.advanceAsync(60_000); // the finger is on the sensor before the start
    const id = await unit.startSession('button');
    expect(id).toMatch(/^s/);
    expect(unit.inSession).toBe(true);
    await clock.advanceAsync(50 * 60_000);
    expect(unit.inSession).toBe(false);
    const events = telemetry.of('session/event');
    expect(events.map((e) => (e.type === 'phase' ? e.phase : e.type))).toEqual([
      'started',
      'settling',
      'descending',
      'fading',
      'ended',
      'stopped',
    ]);
    for (const e of events) if (e.type === 'phase') expect(e.reason.length).toBeGreaterThan(10);
    const [report] = telemetry.of('session/report');
    expect(report?.session_id).toBe(id);
    expect(report?.end_reason).toBe('calm');
    expect(report?.calm_point_s).not.toBeNull();
    const batches = telemetry.of('session/samples');
    const times = batches.flatMap((b) => b.samples.map((s) => s.t));
    for (const b of batches) {
      expect(b.session_id).toBe(id);
      expect((b.samples.at(-1)?.t ?? 0) - (b.samples[0]?.t ?? 0)).toBeLessThanOrEqual(10_000);
    }
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeLessThanOrEqual(2000);
    expect(batches.at(-1)?.samples.at(-1)).toMatchObject({ volume_db: null, light: 0 });
    // seq is contiguous across events, samples and the report, and the report comes last.
    expect(telemetry.durable.map((d) => d.payload.seq)).toEqual(telemetry.durable.map((_, i) => i));
    expect(telemetry.durable.at(-1)?.kind).toBe('session/report');
    await unit.stop();
  });

  it('a stop button silences and darkens at once, before any time passes', async () => {
    const { unit, clock, remote, light, telemetry } = await makeUnit();
    remote.press('start_stop');
    await clock.advanceAsync(5 * 60_000);
    expect(light.level()).toBeGreaterThan(0);
    expect(telemetry.states.at(-1)?.volume_db).toBeGreaterThan(40);
    remote.press('start_stop');
    expect(light.level()).toBe(0);
    expect(unit.inSession).toBe(false);
    await clock.advanceAsync(0);
    expect(telemetry.of('session/report')[0]).toMatchObject({ end_reason: 'button', duration_s: 300 });
    expect(telemetry.states.at(-1)).toMatchObject({
      phase: 'idle',
      volume_db: null,
      light: 0,
      session_id: null,
    });
    await unit.stop();
  });

  it('publishes the phase and levels on state while a session runs', async () => {
    const { unit, clock, telemetry } = await makeUnit();
    await unit.startSession('command');
    await clock.advanceAsync(30_000);
    expect(telemetry.states.at(-1)).toMatchObject({ phase: 'settling', volume_db: 45, light: 0.1 });
    expect(telemetry.states.at(-1)?.bpm).toBeGreaterThan(50);
    // The simulated patient's sinus rhythm: judged, and regular.
    expect(telemetry.states.at(-1)?.rhythm_irregularity).toBe(0);
    await unit.stop();
  });

  it('closes a session cut off by a restart with a fault report, and a stop ends one as a fault', async () => {
    const first = await makeUnit();
    await first.unit.startSession('button');
    await first.clock.advanceAsync(120_000);
    // The process dies: nothing is stopped; the state dir still names the session.
    const second = await makeUnit('typical', first.stateDirPath);
    const [report] = second.telemetry.of('session/report');
    expect(report).toMatchObject({ end_reason: 'fault', valid_pulse_fraction: null });
    await second.unit.startSession('button');
    await second.unit.stop();
    expect(second.telemetry.of('session/report')[1]).toMatchObject({ end_reason: 'fault' });
    await first.unit.stop();
  });
});
