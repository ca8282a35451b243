import { beforeEach, describe, expect, it } from 'vitest';
import type {
  AlertView,
  CommandHistoryEntry,
  NightsView,
  NoteView,
  OverviewEntry,
  PatientSummary,
  UnitHealth,
} from '../../../shared/api-dashboard.js';
import type { AuditEntry } from '../../../shared/api-people.js';
import { dashboardHarness, databases, MIN, START } from './dashboard-harness.js';

/** The dashboard's API: alerts and their policy, nights, notes, commands, unit health, summary. */
describe.each(databases)('dashboard API on $name', (database) => {
  const h = dashboardHarness(database);
  const { clock, call, feed, alertsOf, evaluate } = h;
  let controller = h.controller();
  beforeEach(() => {
    controller = h.controller();
  });

  it('a standing port fault is one alert, updated while it lasts, cleared by the system when it ends', async () => {
    await feed('bed-1', 'status');
    await feed('bed-1', 'info');
    const fault = {
      code: 'E_PULSE_NO_SIGNAL',
      port: 'pulse',
      message: 'no finger on the sensor',
      since: clock.now(),
    };
    await feed('bed-1', 'state', { faults: [fault] });
    await evaluate();
    expect(await alertsOf('cara', 'P-1')).toEqual([]);
    for (let i = 0; i < 3; i++) {
      clock.advance(MIN);
      await feed('bed-1', 'state', { faults: [fault] });
      await evaluate();
    }
    const [alert, ...more] = await alertsOf('vic', 'P-1');
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      kind: 'port_fault',
      key: 'port_fault:pulse:E_PULSE_NO_SIGNAL',
      severity: 'warning',
      status: 'open',
      unit: 'bed-1',
      // Open once it has stood for the 60 s threshold, then counted at every evaluation.
      count: 3,
      opened_at: START + MIN,
      last_seen_at: START + 3 * MIN,
    });
    clock.advance(MIN);
    await feed('bed-1', 'state', { faults: [] });
    await evaluate();
    expect(await alertsOf('cara', 'P-1')).toEqual([]);
    const [cleared] = await alertsOf('cara', 'P-1', 'cleared');
    expect(cleared).toMatchObject({ id: alert?.id, status: 'cleared', cleared_by: 'system' });
  });

  it('a scheduled session missed; caregivers acknowledge and clear it, audited; policy holds', async () => {
    clock.advance(Date.UTC(2026, 0, 5, 21, 31) - clock.now());
    await feed('bed-1', 'state');
    // The unit runs the schedule (else schedule_not_applied would stand beside the miss).
    await feed('bed-1', 'schedule/applied');
    await evaluate();
    await evaluate();
    const [missed, ...more] = await alertsOf('cara', 'P-1');
    expect(more).toEqual([]);
    expect(missed).toMatchObject({
      kind: 'session_missed',
      key: 'session_missed:2026-01-05',
      status: 'open',
    });
    const id = missed?.id ?? 0;
    const ack = `/api/patients/P-1/alerts/${id}/ack`;

    // Another caregiver's patient does not exist for dan; a viewer reads but does not act; CSRF.
    expect((await call('dan', 'GET', '/api/patients/P-1/alerts')).statusCode).toBe(404);
    expect((await call('dan', 'POST', ack, {})).statusCode).toBe(404);
    expect((await call('dan', 'POST', `/api/patients/P-2/alerts/${id}/ack`, {})).json()).toMatchObject({
      code: 'E_NOT_FOUND',
    });
    const viewer = await call('vic', 'POST', ack, {});
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json()).toMatchObject({ code: 'E_FORBIDDEN' });
    const noCsrf = await call('cara', 'POST', ack, {}, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'E_CSRF' });
    expect((await controller.http.app.inject({ method: 'GET', url: '/api/alerts' })).statusCode).toBe(401);
    expect((await call('dan', 'GET', '/api/alerts')).json<AlertView[]>()).toEqual([]);
    expect((await call('cara', 'GET', '/api/alerts')).json<AlertView[]>().map((a) => a.id)).toEqual([id]);

    const acked = await call('cara', 'POST', ack, { note: 'called the ward' });
    expect(acked.statusCode).toBe(200);
    expect(acked.json()).toMatchObject({
      id,
      status: 'acknowledged',
      acked_by: 'cara',
      acked_at: clock.now(),
    });
    // Still active after acknowledging, and still one alert when the rule finds it again.
    clock.advance(MIN);
    await evaluate();
    expect((await alertsOf('cara', 'P-1')).map((a) => [a.id, a.status])).toEqual([[id, 'acknowledged']]);
    const clear = await call('cara', 'POST', `/api/patients/P-1/alerts/${id}/clear`);
    expect(clear.json()).toMatchObject({ status: 'cleared', cleared_by: 'cara' });
    expect((await call('cara', 'POST', '/api/patients/P-1/alerts/999999/ack', {})).statusCode).toBe(404);

    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    const ackEntry = audit.find((e) => e.action === 'alert.ack' && e.outcome === 'ok');
    expect(ackEntry).toMatchObject({ actor: 'cara', patient: 'P-1', unit: 'bed-1' });
    expect(ackEntry?.detail).toMatchObject({ alert_id: id, kind: 'session_missed', note: 'called the ward' });
    expect(audit.find((e) => e.action === 'alert.clear')).toMatchObject({ actor: 'cara', outcome: 'ok' });
  });

  it('a unit offline inside the scheduled window raises unit_offline; settings are per patient', async () => {
    clock.advance(Date.UTC(2026, 0, 6, 21, 5) - clock.now());
    await feed('bed-1', 'status', { state: 'offline' });
    clock.advance(5 * MIN);
    await evaluate();
    expect((await alertsOf('cara', 'P-1')).map((a) => a.kind)).not.toContain('unit_offline');
    const settings = await call('vic', 'GET', '/api/patients/P-1/alert-settings');
    expect(settings.json()).toMatchObject({ offline_after_min: 10, no_data_nights: 3 });
    expect(
      (await call('vic', 'PUT', '/api/patients/P-1/alert-settings', { offline_after_min: 3 })).statusCode,
    ).toBe(403);
    const put = await call('cara', 'PUT', '/api/patients/P-1/alert-settings', { offline_after_min: 3 });
    expect(put.statusCode).toBe(200);
    await evaluate();
    const offline = (await alertsOf('cara', 'P-1')).find((a) => a.kind === 'unit_offline');
    expect(offline).toMatchObject({ severity: 'warning', status: 'open' });
    expect(offline?.detail).toMatchObject({ scheduled_at: Date.UTC(2026, 0, 6, 21, 0) });
  });

  it('other engines raise high-severity alerts at once, de-duplicated by key', async () => {
    const raise = {
      patient: 'P-1',
      kind: 'phq9_self_harm',
      key: 'phq9_self_harm:r-1',
      severity: 'high' as const,
      message: 'PHQ-9 item 9 answered above 0: contact the patient today',
    };
    const first = await controller.http.alerts.raise(raise);
    const again = await controller.http.alerts.raise(raise);
    expect(again.id).toBe(first.id);
    expect(again.count).toBe(2);
    // A built-in evaluation does not clear another engine's alert.
    await evaluate();
    expect((await alertsOf('vic', 'P-1')).find((a) => a.kind === 'phq9_self_harm')).toMatchObject({
      severity: 'high',
      status: 'open',
    });
    await expect(controller.http.alerts.raise({ ...raise, severity: 'dire' as 'high' })).rejects.toThrow();
    // Raised at once from several places (or controller processes): still one alert.
    const burst = { ...raise, key: 'phq9_self_harm:r-2' };
    const views = await Promise.all([1, 2, 3, 4, 5].map(() => controller.http.alerts.raise(burst)));
    expect(new Set(views.map((v) => v.id)).size).toBe(1);
    const stored = (await alertsOf('cara', 'P-1')).filter((a) => a.key === burst.key);
    expect(stored.map((a) => a.count)).toEqual([5]);
  });

  it("the live stream carries the caller's patients' alerts only", async () => {
    const res = await fetch(`${controller.httpUrl}/api/live`, {
      headers: { cookie: h.session('cara')?.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('no body');
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += Buffer.from(value).toString('utf8');
      }
    };
    await readUntil('event: alerts');
    await controller.http.alerts.raise({
      patient: 'P-2',
      kind: 'test_other',
      severity: 'info',
      message: 'not yours',
    });
    await controller.http.alerts.raise({
      patient: 'P-1',
      kind: 'test_mine',
      severity: 'info',
      message: 'yours',
    });
    await readUntil('"test_mine"');
    await reader.cancel();
    expect(text).not.toContain('test_other');
    const alertEvents = text.split('\n\n').filter((e) => e.startsWith('event: alert\n'));
    expect(alertEvents).toHaveLength(1);
    expect(JSON.parse(alertEvents[0]?.split('data: ')[1] ?? '{}')).toMatchObject({
      patient: 'P-1',
      kind: 'test_mine',
    });
  });

  it('notes: written by caregivers (audited), read by everyone assigned, never by others', async () => {
    const post = await call('cara', 'POST', '/api/patients/P-1/notes', {
      text: '  Slept with the light on.  ',
    });
    expect(post.statusCode).toBe(201);
    expect(post.json()).toMatchObject({ author: 'cara', at: clock.now(), text: 'Slept with the light on.' });
    expect((await call('vic', 'POST', '/api/patients/P-1/notes', { text: 'hi' })).statusCode).toBe(403);
    expect((await call('cara', 'POST', '/api/patients/P-1/notes', { text: '   ' })).statusCode).toBe(400);
    expect((await call('dan', 'GET', '/api/patients/P-1/notes')).statusCode).toBe(404);
    const notes = (await call('vic', 'GET', '/api/patients/P-1/notes')).json<NoteView[]>();
    expect(notes.map((n) => [n.author, n.text])).toEqual([['cara', 'Slept with the light on.']]);
    const audit = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    expect(audit.find((e) => e.action === 'note.add')).toMatchObject({ actor: 'cara', patient: 'P-1' });
  });

  it('command history: who sent it, the unit answer, expired by the Clock', async () => {
    await feed('bed-1', 'status');
    const sent = await call('cara', 'POST', '/api/patients/P-1/commands/start', { args: {}, ttl_s: 60 });
    expect(sent.statusCode).toBe(202);
    const cmdId = sent.json<{ cmd_id: string }>().cmd_id;
    const rejected = await call('cara', 'POST', '/api/patients/P-1/commands/stop', { args: {}, ttl_s: 60 });
    const rejectedId = rejected.json<{ cmd_id: string }>().cmd_id;
    await feed('bed-1', 'cmd/start/ack', { cmd_id: rejectedId, status: 'rejected', reason: 'no session' });
    const history = async () =>
      (await call('vic', 'GET', '/api/patients/P-1/commands')).json<CommandHistoryEntry[]>();
    expect((await history()).map((c) => [c.cmd_id, c.state, c.actor])).toEqual([
      [rejectedId, 'rejected', 'cara'],
      [cmdId, 'sent', 'cara'],
    ]);
    clock.advance(61_000);
    const later = await history();
    expect(later.find((c) => c.cmd_id === cmdId)).toMatchObject({ state: 'expired', status: 'sent' });
    expect(later.find((c) => c.cmd_id === rejectedId)).toMatchObject({
      state: 'rejected',
      reason: 'no session',
    });
    expect((await call('dan', 'GET', '/api/patients/P-1/commands')).statusCode).toBe(404);
  });

  it('the unit: faults, firmware and ports from its retained info and state', async () => {
    const fault = {
      code: 'E_AUDIO_DEVICE_MISSING',
      port: 'audio',
      message: 'no ALSA device',
      since: clock.now(),
    };
    await feed('bed-1', 'state', { faults: [fault] });
    const res = await call('vic', 'GET', '/api/patients/P-1/unit');
    expect(res.statusCode).toBe(200);
    const health = res.json<UnitHealth>();
    expect(health).toMatchObject({
      unit: 'bed-1',
      firmware: 'nocturne-test',
      simulated: true,
      calibrated: false,
    });
    expect(health.faults).toEqual([fault]);
    expect(health.ports.audio).toEqual({ adapter: 'none', ok: false, code: null });
    expect(health.ports.pulse).toMatchObject({ ok: true });
  });

  it('nights tell missed from no data, and the summary covers four weeks', async () => {
    // Night of 6 Jan: heard (the offline message is the broker's, but state came before). Then silence.
    clock.advance(Date.UTC(2026, 0, 9, 12, 0) - clock.now());
    const res = await call('vic', 'GET', '/api/patients/P-1/nights?days=5');
    expect(res.statusCode).toBe(200);
    const view = res.json<NightsView>();
    expect(view).toMatchObject({ patient: 'P-1', from: '2026-01-04', to: '2026-01-08' });
    expect(view.nights.map((n) => [n.night, n.status])).toEqual([
      ['2026-01-04', 'none'],
      ['2026-01-05', 'missed'],
      ['2026-01-06', 'missed'],
      ['2026-01-07', 'no_data'],
      ['2026-01-08', 'no_data'],
    ]);
    expect(view.nights[1]?.scheduled_at).toBe(Date.UTC(2026, 0, 5, 21, 0));
    expect((await call('cara', 'GET', '/api/patients/P-1/nights?days=0')).statusCode).toBe(400);

    const summary = (await call('vic', 'GET', '/api/patients/P-1/summary')).json<PatientSummary>();
    expect(summary.nights).toHaveLength(28);
    expect(summary.to).toBe('2026-01-08');
    expect(summary.counts.missed).toBe(2);
    expect(summary.counts.no_data).toBe(2);
    expect(summary.adherence).toBe(0);
    expect(summary.firmware).toBe('nocturne-test');
    expect(summary.alerts.map((a) => a.kind)).toContain('session_missed');
    expect(summary.notes.map((n) => n.text)).toEqual(['Slept with the light on.']);
    expect((await call('dan', 'GET', '/api/patients/P-1/summary')).statusCode).toBe(404);

    const overview = (await call('cara', 'GET', '/api/overview')).json<OverviewEntry[]>();
    expect(overview.map((o) => o.patient)).toEqual(['P-1']);
    expect(overview[0]).toMatchObject({
      top_severity: 'high',
      last_night: { night: '2026-01-08', status: 'no_data' },
    });
    expect(overview[0]?.active_alerts).toBe((await alertsOf('cara', 'P-1')).length);
    expect((await call('dan', 'GET', '/api/overview')).json<OverviewEntry[]>().map((o) => o.patient)).toEqual(
      ['P-2'],
    );
  });

  it('the OpenAPI document covers every dashboard route', async () => {
    const doc = (await call('ada', 'GET', '/api/openapi.json')).json<{ paths: Record<string, object> }>();
    for (const path of [
      '/api/alerts',
      '/api/patients/{code}/alerts',
      '/api/patients/{code}/alerts/{id}/ack',
      '/api/patients/{code}/alerts/{id}/clear',
      '/api/patients/{code}/alert-settings',
      '/api/patients/{code}/nights',
      '/api/patients/{code}/notes',
      '/api/patients/{code}/commands',
      '/api/patients/{code}/unit',
      '/api/patients/{code}/summary',
      '/api/overview',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
  });
});
