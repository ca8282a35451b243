import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../controller/auth/users.js';
import type { RunningController } from '../../../controller/main.js';
import type { AuditEntry, PatientView } from '../../../shared/api-people.js';
import { RealClock, VirtualClock } from '../../../shared/clock.js';
import { type UnitTopicKind, unitTopic } from '../../../shared/topics.js';
import { validPayloads } from '../../fixtures/payloads.js';
import { startTestController } from '../../helpers/controller.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

/** What signed-in people can do through the API, and what the audit log keeps of it. */
/** Both databases: the queries behind these routes (history windows, joins, counts) differ by dialect. */
const databases = [
  { name: 'sqlite', open: async () => ({ url: undefined, drop: async () => {} }) },
  { name: 'postgres', open: async () => tempPostgres() },
] as const;

describe.each(databases)('patients, commands, export and audit through the API on $name', (database) => {
  const dir = tempDir();
  let dropDatabase: () => Promise<void> = async () => {};
  const clock = new VirtualClock(Date.UTC(2025, 11, 1));
  let controller: RunningController;
  const session: Record<string, { cookie: string; csrf: string }> = {};
  const passwords: Record<string, string> = {};

  async function signIn(username: string) {
    const res = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password: passwords[username] },
    });
    expect(res.statusCode).toBe(200);
    session[username] = {
      cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
      csrf: res.json<{ csrf_token: string }>().csrf_token,
    };
  }

  function call(username: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) {
    const s = session[username];
    return controller.http.app.inject({
      method,
      url,
      payload,
      headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    });
  }

  const feed = (kind: UnitTopicKind, body: Record<string, unknown> = {}) =>
    controller.ingest.handle(
      unitTopic('bed-1', kind),
      Buffer.from(JSON.stringify({ ...validPayloads[kind], ...body })),
    );

  beforeAll(async () => {
    // The fixtures' session ran in January 2026: the patients are assigned before that.
    const db = await database.open();
    dropDatabase = db.drop;
    controller = await startTestController(dir.path, undefined, { clock, ...(db.url ? { db: db.url } : {}) });
    passwords.ada = (await createUser(controller.store, clock, 'ada', 'admin'))?.password ?? '';
    await signIn('ada');
  });
  afterAll(async () => {
    await controller?.stop();
    await dropDatabase();
    dir.remove();
  });

  it('an admin creates accounts and patients; each person sees only their own patients', async () => {
    for (const [username, role] of [
      ['cara', 'caregiver'],
      ['dan', 'caregiver'],
      ['vic', 'viewer'],
    ] as const) {
      const res = await call('ada', 'POST', '/api/users', { username, role });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ username, role });
      passwords[username] = res.json<{ password: string }>().password;
      expect(passwords[username]?.length).toBeGreaterThanOrEqual(16);
      await signIn(username);
    }
    expect((await call('ada', 'POST', '/api/users', { username: 'cara', role: 'viewer' })).statusCode).toBe(
      409,
    );

    const p1 = await call('ada', 'POST', '/api/patients', {
      code: 'P-1',
      timezone: 'Europe/Berlin',
      unit: 'bed-1',
      caregivers: ['cara', 'vic'],
    });
    expect(p1.statusCode).toBe(201);
    expect(p1.json()).toEqual({
      code: 'P-1',
      timezone: 'Europe/Berlin',
      unit: 'bed-1',
      caregivers: ['cara', 'vic'],
      live: null,
    });
    const p2 = { code: 'P-2', timezone: 'UTC', unit: 'bed-2', caregivers: ['dan'] };
    expect((await call('ada', 'POST', '/api/patients', p2)).statusCode).toBe(201);
    // One unit, one patient at a time.
    const clash = await call('ada', 'POST', '/api/patients', { ...p2, code: 'P-3', unit: 'bed-1' });
    expect(clash.statusCode).toBe(409);
    const badZone = await call('ada', 'POST', '/api/patients', {
      ...p2,
      code: 'P-4',
      timezone: 'Mars/Olympus',
    });
    expect(badZone.statusCode).toBe(400);

    await feed('status');
    await feed('state');
    await controller.ingest.flush();
    const mine = (await call('cara', 'GET', '/api/patients')).json<PatientView[]>();
    expect(mine.map((p) => p.code)).toEqual(['P-1']);
    expect(mine[0]?.live).toMatchObject({ id: 'bed-1', online: true, bpm: 64 });
    expect((await call('vic', 'GET', '/api/patients')).json<PatientView[]>().map((p) => p.code)).toEqual([
      'P-1',
    ]);
    expect((await call('dan', 'GET', '/api/patients')).json<PatientView[]>().map((p) => p.code)).toEqual([
      'P-2',
    ]);
    expect((await call('ada', 'GET', '/api/patients')).json<PatientView[]>().map((p) => p.code)).toEqual([
      'P-1',
      'P-2',
    ]);
  });

  it("keeps a patient's unit history when the unit changes", async () => {
    clock.advance(60_000);
    const moved = await call('ada', 'PATCH', '/api/patients/P-2', { unit: 'bed-9' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ unit: 'bed-9', caregivers: ['dan'] });
    const detail = (await call('dan', 'GET', '/api/patients/P-2')).json<{
      unit_history: { unit: string }[];
    }>();
    expect(detail.unit_history.map((h) => h.unit)).toEqual(['bed-2', 'bed-9']);
  });

  it('a command is sent, audited, and the unit answer joins it in the audit log', async () => {
    const sent = await call('cara', 'POST', '/api/patients/P-1/commands/stop', { args: {} });
    expect(sent.statusCode).toBe(202);
    const cmdId = sent.json<{ cmd_id: string }>().cmd_id;
    expect(await feed('cmd/start/ack', { cmd_id: cmdId, status: 'accepted' })).toBe('stored');
    const entries = async () => (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    const answer = await waitFor('the answer in the audit log', async () =>
      (await entries()).find((e) => e.action === 'command.answer'),
    );
    expect(answer).toMatchObject({ actor: 'unit:bed-1', patient: 'P-1', unit: 'bed-1', outcome: 'accepted' });
    expect(answer.detail).toMatchObject({ cmd_id: cmdId });
    const command = (await entries()).find((e) => e.action === 'command');
    expect(command).toMatchObject({ actor: 'cara', patient: 'P-1', unit: 'bed-1', outcome: 'sent' });
    expect(command?.detail).toMatchObject({ cmd_id: cmdId, name: 'stop' });
  });

  it('a schedule change is sent to the unit and audited', async () => {
    const body = { timezone: 'Europe/Berlin', entries: [{ days: ['mon'], time: '22:00', duration_min: 45 }] };
    const put = await call('cara', 'PUT', '/api/patients/P-1/schedule', body);
    expect(put.statusCode).toBe(202);
    const view = await call('vic', 'GET', '/api/patients/P-1/schedule');
    expect(view.json()).toMatchObject({ unit: 'bed-1', desired: { version: 1, timezone: 'Europe/Berlin' } });
  });

  it('sessions, one night with downsampled samples, and the export in JSON and CSV', async () => {
    await feed('session/event');
    await feed('session/samples');
    await feed('session/report');
    const sessions = (await call('vic', 'GET', '/api/patients/P-1/sessions')).json<
      { session_id: string }[]
    >();
    expect(sessions.map((s) => s.session_id)).toEqual(['s1']);
    const night = await call('vic', 'GET', '/api/patients/P-1/sessions/s1?points=3');
    expect(night.statusCode).toBe(200);
    const detail = night.json<{ samples: { t: number }[]; report: { end_reason: string } }>();
    expect(detail.samples).toHaveLength(3);
    expect(detail.report.end_reason).toBe(validPayloads['session/report']?.end_reason);
    // The night of another patient's unit is not this patient's.
    expect((await call('dan', 'GET', '/api/patients/P-2/sessions/s1')).statusCode).toBe(404);

    const json = await call('cara', 'GET', '/api/patients/P-1/export?format=json');
    const rows = json.json<{ session_id: string; bpm: number | null }[]>();
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r.session_id === 's1')).toBe(true);
    const csv = await call('cara', 'GET', '/api/patients/P-1/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^patient,unit,session_id,t,/);
    expect(lines).toHaveLength(6);
    // Viewers read, but do not take the data out.
    expect((await call('vic', 'GET', '/api/patients/P-1/export?format=json')).statusCode).toBe(403);
    const empty = await call('cara', 'GET', '/api/patients/P-1/export?format=json&to=1000');
    expect(empty.json()).toEqual([]);
  });

  it('the audit log: admins see everything, a caregiver only their patients, nothing can change it', async () => {
    const all = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>();
    const actions = new Set(all.map((e) => e.action));
    for (const a of [
      'login',
      'user.create',
      'patient.create',
      'patient.update',
      'command',
      'schedule.change',
      'export',
    ])
      expect(actions).toContain(a);
    const caras = (await call('cara', 'GET', '/api/audit')).json<AuditEntry[]>();
    expect(caras.length).toBeGreaterThan(0);
    expect(caras.every((e) => e.patient === 'P-1')).toBe(true);
    expect((await call('vic', 'GET', '/api/audit')).statusCode).toBe(403);
    const denied = (await call('ada', 'GET', '/api/audit')).json<AuditEntry[]>()[0];
    expect(denied).toMatchObject({ actor: 'vic', action: 'access.denied', outcome: '403' });
    expect(denied?.detail).toMatchObject({ method: 'GET', url: '/api/audit', code: 'E_FORBIDDEN' });
    const routes = controller.http.routes.filter((r) => r.url.startsWith('/api/audit'));
    expect(routes.map((r) => r.method).filter((m) => m !== 'HEAD')).toEqual(['GET']);
  });

  it('an admin disables an account: its sessions end at once and it cannot sign in', async () => {
    expect((await call('dan', 'GET', '/api/me')).statusCode).toBe(200);
    const res = await call('ada', 'PATCH', '/api/users/dan', { disabled: true });
    expect(res.json()).toMatchObject({ username: 'dan', disabled: true });
    expect((await call('dan', 'GET', '/api/me')).statusCode).toBe(401);
    const again = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'dan', password: passwords.dan },
    });
    expect(again.statusCode).toBe(401);
    // An admin cannot lock themselves out.
    expect((await call('ada', 'PATCH', '/api/users/ada', { disabled: true })).statusCode).toBe(409);
  });

  it('an admin resets a password; the person changes it again', async () => {
    const reset = await call('ada', 'POST', '/api/users/vic/password');
    expect(reset.statusCode).toBe(200);
    passwords.vic = reset.json<{ password: string }>().password;
    await signIn('vic');
    const change = await call('vic', 'POST', '/api/me/password', {
      current_password: passwords.vic,
      new_password: 'correct horse battery',
    });
    expect(change.statusCode).toBe(204);
    passwords.vic = 'correct horse battery';
    await signIn('vic');
  });

  it('the SSE stream carries only the units of the caller’s patients', async () => {
    await feed('status', { unit: 'bed-1' });
    await controller.ingest.handle(
      unitTopic('bed-2', 'status'),
      Buffer.from(JSON.stringify({ ...validPayloads.status, unit: 'bed-2' })),
    );
    await controller.ingest.flush();
    const snapshotFor = async (username: string) => {
      const abort = new AbortController();
      const res = await fetch(`${controller.httpUrl}/api/live`, {
        headers: { cookie: session[username]?.cookie ?? '' },
        signal: abort.signal,
      });
      const reader = res.body?.getReader();
      let text = '';
      while (reader && !text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
      abort.abort();
      const data = /event: snapshot\ndata: (.*)\n/.exec(text)?.[1] ?? '[]';
      return (JSON.parse(data) as { id: string }[]).map((u) => u.id);
    };
    expect(await snapshotFor('cara')).toEqual(['bed-1']);
    expect(await snapshotFor('ada')).toEqual(['bed-1', 'bed-2']);
    expect((await fetch(`${controller.httpUrl}/api/live`)).status).toBe(401);
  });

  it('the OpenAPI document lists the routes with their schemas', async () => {
    const doc = (await controller.http.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/login',
        '/api/patients',
        '/api/patients/{code}/commands/{name}',
        '/api/audit',
      ]),
    );
    expect(doc.paths['/api/login']?.post).toHaveProperty('requestBody');
  });
});

describe('first run', () => {
  const dir = tempDir();
  let controller: RunningController;
  beforeAll(async () => {
    controller = await startTestController(dir.path, undefined, { requireAdmin: true });
  });
  afterAll(async () => {
    await controller?.stop();
    dir.remove();
  });

  it('without an admin serves only the page that says how to create one, with no default login', async () => {
    const page = await controller.http.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('nocturne user add NAME --role admin');
    const login = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'admin', password: 'admin' },
    });
    expect(login.statusCode).toBe(503);
    expect(login.json().code).toBe('E_NO_ADMIN');
    expect((await controller.http.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const admin = await createUser(controller.store, new RealClock(), 'root', 'admin');
    const after = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'root', password: admin?.password },
    });
    expect(after.statusCode).toBe(200);
  });
});
