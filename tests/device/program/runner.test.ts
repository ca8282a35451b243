import { describe, expect, it } from 'vitest';
import { SimulatedLight } from '../../../device/ports/light/simulated.js';
import { MemoryBaselineStore } from '../../../device/program/baseline-store.js';
import { programParams } from '../../../device/program/params.js';
import { ProgramRunner, type SamplesBatch, type SessionEventOut } from '../../../device/program/runner.js';
import { VirtualClock } from '../../../shared/clock.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import type { SessionReportBody } from '../../../shared/schemas/session-report.js';
import { RecordingMusic } from '../../fakes/recording-music.js';

const calibration = { calibrated: true, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };

function setup(storedBaseline: number | null = null) {
  const clock = new VirtualClock();
  const light = new SimulatedLight(clock, calibration.light_cap);
  const music = new RecordingMusic(clock);
  const baselines = new MemoryBaselineStore(storedBaseline);
  let n = 0;
  const runner = new ProgramRunner({
    clock,
    params: programParams(defaultProgramConfig, calibration),
    light,
    music,
    baselines,
    newSessionId: () => `session-${++n}`,
    seed: 'seed-1',
    measuredPeakDbfs: () => -31.5,
  });
  const events: SessionEventOut[] = [];
  const batches: SamplesBatch[] = [];
  const reports: SessionReportBody[] = [];
  runner.onEvent((e) => events.push(e));
  runner.onSamples((b) => batches.push(b));
  runner.onReport((r) => reports.push(r));
  runner.start();
  /** A steady pulse at `bpm` from the sensor, every 2 s. */
  const pulse = (bpm: number) =>
    clock.setInterval(() => runner.heartRate({ t: clock.now(), bpm, quality: 1, source: 'ppg' }), 2000);
  return { clock, light, music, baselines, runner, events, batches, reports, pulse };
}

describe('the program runner', () => {
  it('fades in from silence through the music engine and the light', () => {
    const { clock, runner, music, light } = setup();
    expect(runner.command({ name: 'start', trigger: 'schedule' })).toEqual({ accepted: true });
    expect(runner.sessionId).toBe('session-1');
    expect(music.calls.map((c) => c.effect.type)).toEqual(['tempo', 'volume']);
    clock.advance(5000);
    expect(music.volume()).toBeGreaterThan(20);
    expect(music.volume()).toBeLessThan(45);
    clock.advance(10_000);
    expect(music.volume()).toBe(45);
    expect(light.level()).toBeCloseTo(0.1, 9);
    expect(runner.levels()).toMatchObject({ phase: 'settling', volumeDba: 45, tempoBpm: 72 });
  });

  it('stops at once on the button: muted and dark before the call returns', () => {
    const { clock, runner, music, light, reports } = setup();
    runner.button('start_stop');
    clock.advance(120_000);
    runner.button('start_stop');
    expect(music.volume()).toBeNull();
    expect(light.level()).toBe(0);
    expect(runner.inSession).toBe(false);
    expect(reports[0]).toMatchObject({
      session_id: 'session-1',
      end_reason: 'button',
      seed: 'seed-1',
      peak_dbfs: -31.5,
      duration_s: 120,
    });
  });

  it('answers commands: accepted when they act, rejected with the reason otherwise', () => {
    const { runner } = setup();
    expect(runner.command({ name: 'stop' })).toEqual({ accepted: false, reason: 'no session running' });
    expect(runner.command({ name: 'start' }).accepted).toBe(true);
    expect(runner.command({ name: 'start' })).toEqual({
      accepted: false,
      reason: 'a session is already running',
    });
    expect(runner.command({ name: 'snooze', minutes: 5 }).accepted).toBe(true);
    expect(runner.phase).toBe('paused');
    expect(runner.command({ name: 'stop' }).accepted).toBe(true);
    expect(runner.phase).toBe('stopped');
    expect(runner.levels()).toEqual({ phase: 'stopped', volumeDba: null, light: 0, tempoBpm: null });
  });

  it('sends samples in batches of at most 10 s, flushed at the end, and the report last', () => {
    const { clock, runner, batches, reports, events, pulse } = setup();
    pulse(64);
    clock.advance(20_000);
    runner.command({ name: 'start' });
    clock.advance(61_000);
    runner.command({ name: 'stop' });
    const samples = batches.flatMap((b) => b.samples);
    expect(samples.length).toBe(32); // every 2 s from 0 to 60 s, and the final one at 61 s
    for (const b of batches) {
      expect(b.session_id).toBe('session-1');
      expect((b.samples.at(-1)?.t ?? 0) - (b.samples[0]?.t ?? 0)).toBeLessThanOrEqual(10_000);
    }
    expect(samples.at(-1)).toMatchObject({ phase: 'stopped', volume_db: null, light: 0 });
    expect(samples[10]).toMatchObject({ bpm: 64, quality: 1, trend_bpm: 64, tempo_bpm: 64 });
    expect(reports).toHaveLength(1);
    expect(events.map((e) => e.event.kind)).toEqual(['started', 'phase', 'phase', 'ended']);
  });

  it('stores tonight’s baseline and blends it into the next session', () => {
    const { clock, runner, reports, baselines, pulse } = setup(60);
    pulse(70);
    runner.command({ name: 'start' });
    clock.advance(4 * 60_000);
    runner.command({ name: 'stop' });
    expect(reports[0]).toMatchObject({ baseline_session_bpm: 70, baseline_stored_bpm: 60, baseline_bpm: 65 });
    expect(baselines.get()).toBe(65);
    runner.command({ name: 'start' });
    clock.advance(4 * 60_000);
    runner.command({ name: 'stop' });
    expect(reports[1]).toMatchObject({
      session_id: 'session-2',
      baseline_stored_bpm: 65,
      baseline_bpm: 67.5,
    });
  });

  it('stop() leaves no timer behind', () => {
    const { clock, runner } = setup();
    runner.command({ name: 'start' });
    runner.command({ name: 'stop' });
    runner.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
