import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GapDetector } from '../../../controller/ingest/gap-detector.js';
import { type ControllerStore, repositories } from '../../../controller/store/repos.js';
import { programParams } from '../../../device/program/params.js';
import { interruptedReport } from '../../../device/program/report.js';
import { VirtualClock } from '../../../shared/clock.js';
import { silentLogger } from '../../../shared/log.js';
import type { DurableEnvelope } from '../../../shared/schemas/common.js';
import { defaultProgramConfig } from '../../../shared/schemas/program-params.js';
import type { SessionEvent } from '../../../shared/schemas/session-event.js';
import type { SessionReport } from '../../../shared/schemas/session-report.js';
import type { SessionSamples } from '../../../shared/schemas/session-samples.js';
import { storeKinds } from './stores.js';

const calibration = { calibrated: false, dba_at_0dbfs: 85, volume_cap_dba: 55, light_cap: 0.3 };

const epoch = '7b0d3a52-51a4-4d4e-8f7e-0a1b2c3d4e5f';

function event(seq: number, body: Record<string, unknown>): SessionEvent {
  return {
    v: 1,
    unit: 'bed-1',
    ts: 1_000_000 + seq * 1000,
    epoch,
    seq,
    session_id: 's1',
    ...body,
  } as SessionEvent;
}

describe.each(storeKinds)('store on $name', (kind) => {
  let repos: ControllerStore;
  let dispose: () => Promise<void>;

  beforeEach(async () => {
    const opened = await kind.open();
    repos = repositories(opened.store);
    dispose = opened.dispose;
  });
  afterEach(async () => dispose());

  it('tracks a unit going online and offline', async () => {
    await repos.units.recordStatus('bed-1', true, 1000);
    expect((await repos.units.get('bed-1'))?.online).toBe(1);
    await repos.units.recordStatus('bed-1', false, 2000);
    const row = await repos.units.get('bed-1');
    expect(row).toMatchObject({ online: 0, first_seen_at: 1000, status_changed_at: 2000 });
  });

  it('keeps the newest state by the unit timestamp, whatever the arrival order', async () => {
    await repos.units.recordState('bed-1', '{"n":2}', 2000, 10);
    await repos.units.recordState('bed-1', '{"n":1}', 1000, 20);
    expect((await repos.units.get('bed-1'))?.state_json).toBe('{"n":2}');
    await repos.units.recordState('bed-1', '{"n":3}', 3000, 30);
    expect((await repos.units.get('bed-1'))?.state_json).toBe('{"n":3}');
  });

  it('stores each session event once per (unit, epoch, seq) and builds the session from them', async () => {
    const started = event(0, { type: 'started', trigger: 'button', planned_s: 2700 });
    const stopped = event(5, { type: 'stopped', end_reason: 'calm', duration_s: 1500 });
    // The stop arrives first: order must not matter.
    const record = (e: SessionEvent, at: number) =>
      repos.durable.record({ kind: 'session/event', message: e }, JSON.stringify(e), at);
    expect(await record(stopped, 1)).toBe(true);
    expect(await record(started, 2)).toBe(true);
    expect(await record(started, 3)).toBe(false);
    const sessions = await repos.sessions.listForUnit('bed-1');
    expect(sessions).toEqual([
      {
        unit: 'bed-1',
        session_id: 's1',
        started_at: started.ts,
        ended_at: stopped.ts,
        end_reason: 'calm',
        trigger: 'button',
        planned_s: 2700,
        duration_s: 1500,
      },
    ]);
    const events = await repos.sessions.events('bed-1', 's1');
    expect(events.map((e) => e.seq)).toEqual([0, 5]);
  });

  it('shares one seq space across event, samples and report, and completes the session from its report', async () => {
    const samples = {
      ...event(1, {}),
      interval_ms: 1000,
      samples: [
        {
          t: 1_000_500,
          phase: 'settling',
          bpm: 64,
          quality: 1,
          trend_bpm: 64,
          volume_db: 40,
          light: 0.1,
          tempo_bpm: 70,
        },
        {
          t: 1_001_500,
          phase: 'settling',
          bpm: null,
          quality: 0,
          trend_bpm: 64,
          volume_db: 40,
          light: 0.1,
          tempo_bpm: 70,
        },
      ],
    } as SessionSamples;
    // A real report: the one a unit sends for a session cut off by a restart.
    const active = { session_id: 's1', started_at: 1_000_000, planned_s: 2700, trigger: 'button' as const };
    const report: SessionReport = {
      ...(event(2, {}) as DurableEnvelope),
      ...interruptedReport(active, 1_060_000, programParams(defaultProgramConfig, calibration)),
      seed: null,
      peak_dbfs: null,
    };
    expect(await repos.durable.record({ kind: 'session/samples', message: samples }, '{}', 1)).toBe(true);
    expect(await repos.durable.record({ kind: 'session/report', message: report }, '{}', 2)).toBe(true);
    // The same (unit, epoch, seq) as a different kind is still a repeat.
    const clash = { ...report, seq: 1 };
    expect(await repos.durable.record({ kind: 'session/report', message: clash }, '{}', 3)).toBe(false);
    const stored = await repos.sessions.samples('bed-1', 's1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ seq: 1, count: 2, t_first: 1_000_500, t_last: 1_001_500 });
    expect(await repos.sessions.get('bed-1', 's1')).toMatchObject({ end_reason: 'fault', duration_s: 60 });
  });

  it('records a seq gap only after the grace period, and shrinks it when late messages arrive', async () => {
    const clock = new VirtualClock(10_000_000);
    const detector = new GapDetector({ gaps: repos.gaps, clock, log: silentLogger(), graceMs: 60_000 });
    const put = (seq: number) => {
      const e = event(seq, { type: 'phase', phase: 'settling', reason: 'test' });
      return repos.durable.record({ kind: 'session/event', message: e }, '{}', clock.now());
    };
    for (const seq of [0, 1, 2, 6, 7]) await put(seq);
    await detector.check();
    expect(await repos.gaps.list()).toEqual([]);
    clock.advance(61_000);
    await detector.check();
    expect(await repos.gaps.list()).toEqual([
      { unit: 'bed-1', epoch, from_seq: 3, to_seq: 5, detected_at: clock.now() },
    ]);
    await put(4);
    await detector.check();
    expect((await repos.gaps.list()).map((g) => [g.from_seq, g.to_seq])).toEqual([
      [3, 3],
      [5, 5],
    ]);
  });

  it('counts rejects per unit and reason', async () => {
    await repos.rejects.count('bed-1', 'not_json', 'payload is not JSON', 10);
    await repos.rejects.count('bed-1', 'not_json', 'payload is not JSON', 20);
    await repos.rejects.count('', 'bad_topic', 'x', 30);
    expect(await repos.rejects.list()).toEqual([
      { unit: '', reason: 'bad_topic', count: 1, last_at: 30, last_error: 'x' },
      { unit: 'bed-1', reason: 'not_json', count: 2, last_at: 20, last_error: 'payload is not JSON' },
    ]);
  });

  it('keeps every reason a unit refused a schedule with, and which version its answer was about', async () => {
    const body = { timezone: 'UTC', entries: [] };
    const v1 = await repos.control.nextSchedule('bed-1', (v) => JSON.stringify({ ...body, version: v }), 10);
    const v2 = await repos.control.nextSchedule('bed-1', (v) => JSON.stringify({ ...body, version: v }), 20);
    expect([v1, v2]).toEqual([1, 2]);
    const reasons = [
      'entries.0.preset: no preset "x"',
      "entries.1.start_volume_dba: above this unit's cap (55)",
    ];
    const answer = { v: 1 as const, unit: 'bed-1', next_session_at: null };
    await repos.control.recordApplied('bed-1', {
      ...answer,
      ts: 30,
      status: 'applied',
      version: 1,
      applied_version: 1,
    });
    await repos.control.recordApplied('bed-1', {
      ...answer,
      ts: 40,
      status: 'rejected',
      version: 2,
      applied_version: 1,
      reason: reasons.join('; '),
      reasons,
    });
    const row = await repos.control.schedule('bed-1');
    expect(row).toMatchObject({
      version: 2,
      applied_version: 1,
      answered_version: 2,
      applied_status: 'rejected',
    });
    expect(JSON.parse(row?.applied_reasons_json ?? 'null')).toEqual(reasons);
    // A later acceptance leaves no stale reasons behind.
    await repos.control.recordApplied('bed-1', {
      ...answer,
      ts: 50,
      status: 'applied',
      version: 2,
      applied_version: 2,
    });
    expect(await repos.control.schedule('bed-1')).toMatchObject({
      applied_version: 2,
      answered_version: 2,
      applied_reasons_json: null,
    });
  });

  it('finds the scheduled starts a unit recorded as missed or skipped, by when they were due', async () => {
    const occurrence = (seq: number, type: 'missed' | 'skipped', scheduled_at: number, ts: number) => {
      const e = event(seq, {
        ts,
        type,
        session_id: `sch-${seq}`,
        scheduled_at,
        schedule_version: 1,
        entry: 0,
        protocol: { name: 'iso-45', version: 1 },
        ...(type === 'missed'
          ? { reason: 'unit_off', late_s: (ts - scheduled_at) / 1000 }
          : { reason: 'session_in_progress' }),
      });
      return repos.durable.record({ kind: 'session/event', message: e }, JSON.stringify(e), ts);
    };
    // Recorded a day late (the unit was off), and one recorded on time.
    await occurrence(0, 'missed', 5_000_000, 5_000_000 + 86_400_000);
    await occurrence(1, 'skipped', 9_000_000, 9_000_000);
    await occurrence(2, 'missed', 1_000, 2_000);
    const found = await repos.sessions.occurrences('bed-1', 4_000_000, 10_000_000);
    expect(found.map((o) => [o.type, o.scheduled_at, o.reason])).toEqual([
      ['missed', 5_000_000, 'unit_off'],
      ['skipped', 9_000_000, 'session_in_progress'],
    ]);
    expect(await repos.sessions.listForUnit('bed-1')).toEqual([]);
  });

  it('issues unit logins that verify only with their own password', async () => {
    const password = await repos.accounts.issue('bed-1', 'unit', 1);
    expect(await repos.accounts.verify('bed-1', password)).toBe('unit');
    expect(await repos.accounts.verify('bed-1', `${password}x`)).toBeUndefined();
    expect(await repos.accounts.verify('bed-2', password)).toBeUndefined();
    const renewed = await repos.accounts.issue('bed-1', 'unit', 2);
    expect(await repos.accounts.verify('bed-1', password)).toBeUndefined();
    expect(await repos.accounts.verify('bed-1', renewed)).toBe('unit');
  });
});
