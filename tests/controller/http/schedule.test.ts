import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ScheduleView } from '../../../shared/api.js';
import type { AlertView, NightsView } from '../../../shared/api-dashboard.js';
import type { AuditEntry } from '../../../shared/api-people.js';
import type { UpcomingView } from '../../../shared/api-schedule.js';
import { dashboardHarness, databases, MIN } from './dashboard-harness.js';

const DAILY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ZONE = 'Europe/Berlin';

/** A patient's schedule through the API: editing, its status on the unit, the coming sessions. */
describe.each(databases)('schedule API on $name', (database) => {
  const h = dashboardHarness(database);
  const { clock, call, feed, alertsOf, evaluate } = h;
  const schedule = async (who: string, code: string) => {
    const res = await call(who, 'GET', `/api/patients/${code}/schedule`);
    expect(res.statusCode).toBe(200);
    return res.json<ScheduleView>();
  };
  /** Today in Berlin on the virtual clock, and a date `days` after it. */
  const day = (days = 0) =>
    DateTime.fromMillis(clock.now(), { zone: ZONE }).plus({ days }).toISODate() as string;

  it('lists the coming sessions by the expansion the unit runs: weekdays, an RRULE, a pause', async () => {
    const body = {
      timezone: ZONE,
      starts_on: day(),
      entries: [
        { days: ['mon', 'wed'], time: '22:00', duration_min: 45 },
        { rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SA', time: '21:30', duration_min: 30, grace_min: 10 },
      ],
      pauses: [{ from: day(7), to: day(13) }],
    };
    expect((await call('dan', 'PUT', '/api/patients/P-2/schedule', body)).statusCode).toBe(202);
    const res = await call('dan', 'GET', '/api/patients/P-2/schedule/upcoming?count=6');
    expect(res.statusCode).toBe(200);
    const up = res.json<UpcomingView>();
    expect(up.timezone).toBe(ZONE);
    expect(up.sessions).toHaveLength(6);
    const local = up.sessions.map((s) => DateTime.fromMillis(s.at, { zone: ZONE }));
    // In time order, none inside the pause, each at its entry's local time on its weekday.
    expect(up.sessions.map((s) => s.at)).toEqual([...up.sessions.map((s) => s.at)].sort((a, b) => a - b));
    for (const [i, s] of up.sessions.entries()) {
      expect(s.local_date < day(7) || s.local_date > day(13)).toBe(true);
      const at = local[i] as DateTime;
      expect(s.local_time).toBe(at.toFormat('HH:mm'));
      if (s.entry_index === 0) expect([1, 3]).toContain(at.weekday);
      else expect([at.weekday, s.local_time, s.duration_min]).toEqual([6, '21:30', 30]);
    }
    // The fortnightly Saturdays are 14 days apart.
    const saturdays = up.sessions.filter((s) => s.entry_index === 1).map((s) => s.at);
    for (let i = 1; i < saturdays.length; i++)
      expect((saturdays[i] as number) - (saturdays[i - 1] as number)).toBe(14 * 24 * 60 * MIN);
    // Never further than eight weeks.
    const far = await call('dan', 'GET', '/api/patients/P-2/schedule/upcoming?count=50');
    const sessions = far.json<UpcomingView>().sessions;
    expect(sessions.length).toBeLessThan(50);
    expect(Math.max(...sessions.map((s) => s.at)) - clock.now()).toBeLessThanOrEqual(56 * 24 * 60 * MIN);
  });

  it('refuses an invalid schedule with each problem at its path, and audits every change with the one before', async () => {
    const bad = await call('dan', 'PUT', '/api/patients/P-2/schedule', {
      timezone: ZONE,
      entries: [
        { days: DAILY, time: '25:00', duration_min: 45 },
        { rrule: 'FREQ=SOMETIMES', time: '22:00', duration_min: 10 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const { code, message } = bad.json<{ code: string; message: string }>();
    expect(code).toBe('E_BAD_REQUEST');
    const lines = message.split('\n');
    expect(lines.some((l) => l.startsWith('entries.0.time: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('entries.1.duration_min: '))).toBe(true);
    expect(lines.some((l) => l.startsWith('entries.1.rrule: '))).toBe(true);

    const before = (await schedule('dan', 'P-2')).desired;
    const put = await call('dan', 'PUT', '/api/patients/P-2/schedule', {
      timezone: ZONE,
      entries: [{ days: ['fri'], time: '23:00', duration_min: 60, light: false, start_volume_dba: 40 }],
    });
    expect(put.statusCode).toBe(202);
    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    const change = audit.find((e) => e.action === 'schedule.change' && e.patient === 'P-2');
    expect(change?.actor).toBe('dan');
    expect(change?.detail).toMatchObject({
      version: (before?.version ?? 0) + 1,
      previous_version: before?.version ?? null,
      previous: before,
      schedule: { entries: [{ days: ['fri'], light: false, start_volume_dba: 40 }] },
    });
  });

  it('shows whether the unit applied the latest version, or why not; the viewer reads, never writes', async () => {
    const put = await call('dan', 'PUT', '/api/patients/P-2/schedule', {
      timezone: ZONE,
      entries: [{ days: DAILY, time: '22:00', duration_min: 45, start_volume_dba: 58 }],
    });
    const version = put.json<{ version: number }>().version;
    await feed('bed-2', 'status', { state: 'offline' });
    expect((await schedule('dan', 'P-2')).status).toMatchObject({ state: 'offline', version });
    await feed('bed-2', 'status');
    expect((await schedule('dan', 'P-2')).status).toMatchObject({
      state: 'pending',
      version,
      since: clock.now(),
    });
    const reasons = [
      "entries.0.start_volume_dba: 58 dB(A) is above this unit's cap (55)",
      'entries.0.protocol: this unit does not know iso-45@1',
    ];
    await feed('bed-2', 'schedule/applied', {
      status: 'rejected',
      version,
      applied_version: version - 1,
      reason: reasons.join('; '),
      reasons,
    });
    const refused = await schedule('dan', 'P-2');
    expect(refused.status).toMatchObject({ state: 'rejected', version, reasons });
    expect(refused.applied).toMatchObject({
      status: 'rejected',
      version: version - 1,
      answered_version: version,
      reasons,
    });

    // A refusal of an older version says nothing of a newer one: that one is pending.
    const next = await call('dan', 'PUT', '/api/patients/P-2/schedule', {
      timezone: ZONE,
      entries: [{ days: DAILY, time: '22:00', duration_min: 45 }],
    });
    const latest = next.json<{ version: number }>().version;
    expect((await schedule('dan', 'P-2')).status).toMatchObject({
      state: 'pending',
      version: latest,
      reasons: [],
    });
    await feed('bed-2', 'schedule/applied', { status: 'applied', version: latest, applied_version: latest });
    expect((await schedule('dan', 'P-2')).status).toMatchObject({ state: 'applied', version: latest });
    // What the unit says on `state`: its next start, and a hold while its clock is unsynchronised.
    const nextStart = clock.now() + 60 * MIN;
    await feed('bed-2', 'state', { next_session_at: nextStart, schedule_hold: 'clock_unsynced' });
    expect(await schedule('dan', 'P-2')).toMatchObject({
      hold: 'clock_unsynced',
      next_session_at: nextStart,
    });
    await feed('bed-2', 'state', { next_session_at: nextStart, schedule_hold: null });
    expect((await schedule('dan', 'P-2')).hold).toBeNull();

    expect((await call('vic', 'GET', '/api/patients/P-1/schedule')).statusCode).toBe(200);
    expect((await call('vic', 'GET', '/api/patients/P-1/schedule/upcoming')).statusCode).toBe(200);
    const write = await call('vic', 'PUT', '/api/patients/P-1/schedule', { timezone: ZONE, entries: [] });
    expect(write.statusCode).toBe(403);
    expect((await call('dan', 'GET', '/api/patients/P-1/schedule/upcoming')).statusCode).toBe(404);
  });

  it('an online unit that has not applied the latest version in 10 minutes raises one alert, cleared when it applies', async () => {
    await feed('bed-2', 'status');
    const put = await call('dan', 'PUT', '/api/patients/P-2/schedule', {
      timezone: ZONE,
      entries: [{ days: DAILY, time: '21:00', duration_min: 45 }],
    });
    const version = put.json<{ version: number }>().version;
    const notApplied = async () =>
      (await alertsOf('dan', 'P-2')).filter((a: AlertView) => a.kind === 'schedule_not_applied');
    clock.advance(9 * MIN);
    await feed('bed-2', 'status');
    await evaluate();
    expect(await notApplied()).toEqual([]);
    clock.advance(2 * MIN);
    await feed('bed-2', 'status');
    await evaluate();
    const [alert] = await notApplied();
    expect(alert?.message).toContain(`has not applied schedule version ${version} after 11 min`);
    clock.advance(MIN);
    await evaluate();
    expect(await notApplied()).toHaveLength(1);
    await feed('bed-2', 'schedule/applied', { status: 'applied', version, applied_version: version });
    await evaluate();
    expect(await notApplied()).toEqual([]);
    const all = (await alertsOf('dan', 'P-2', 'all')).filter((a) => a.kind === 'schedule_not_applied');
    expect(all.map((a) => a.status)).toEqual(['cleared']);
  });

  it("puts the unit's own missed and skipped starts on the nights, with their reason", async () => {
    // Two coming evenings (the virtual clock stands at the unit's assignment): asked for with `to`.
    const night = clock.now() + 2 * 24 * 60 * MIN;
    const occurrence = (type: 'missed' | 'skipped', at: number, seq: number, extra: object) =>
      feed('bed-2', 'session/event', {
        type,
        epoch: '5c3e1d2a-0b4f-4c6d-9e8f-7a6b5c4d3e2f',
        seq,
        session_id: `sch-${at.toString(36)}-0`,
        scheduled_at: at,
        schedule_version: 1,
        entry: 0,
        protocol: { name: 'iso-45', version: 1 },
        ...extra,
      });
    expect(await occurrence('missed', night, 0, { reason: 'unit_off', late_s: 3600 })).toBe('stored');
    expect(await occurrence('skipped', night - 24 * 60 * MIN, 1, { reason: 'session_in_progress' })).toBe(
      'stored',
    );
    const to = DateTime.fromMillis(night, { zone: 'UTC' }).toISODate();
    const res = await call('dan', 'GET', `/api/patients/P-2/nights?days=7&to=${to}`);
    const nights = res.json<NightsView>().nights;
    const [skipped, missed] = nights.filter((n) => n.not_run.length > 0);
    expect(skipped?.not_run).toMatchObject([
      { type: 'skipped', reason: 'session_in_progress', late_s: null },
    ]);
    expect(missed).toMatchObject({
      status: 'missed',
      scheduled_at: night,
      not_run: [{ type: 'missed', reason: 'unit_off', late_s: 3600, scheduled_at: night, entry: 0 }],
    });
  });
});
