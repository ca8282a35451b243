import { afterAll, beforeAll, expect } from 'vitest';
import { createUser } from '../../../controller/auth/users.js';
import type { RunningController } from '../../../controller/main.js';
import type { AlertView } from '../../../shared/api-dashboard.js';
import { VirtualClock } from '../../../shared/clock.js';
import { type UnitTopicKind, unitTopic } from '../../../shared/topics.js';
import { validPayloads } from '../../fixtures/payloads.js';
import { startTestController } from '../../helpers/controller.js';
import { tempPostgres } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-dir.js';

export const MIN = 60_000;
export const DAY = 24 * 60 * MIN;
/** Monday 5 January 2026, 20:00 UTC. */
export const START = Date.UTC(2026, 0, 5, 20, 0);
const YEAR = 365 * DAY;

export const databases = [
  { name: 'sqlite', open: async () => ({ url: undefined, drop: async () => {} }) },
  { name: 'postgres', open: async () => tempPostgres() },
] as const;

/**
 * A controller on a virtual clock for the dashboard API tests: admin ada, caregivers cara (P-1,
 * unit bed-1, scheduled 21:00 UTC every night) and dan (P-2, bed-2), viewer vic (P-1), all signed
 * in. Registers its own beforeAll/afterAll; call it inside a describe.
 */
export function dashboardHarness(database: (typeof databases)[number]) {
  const dir = tempDir();
  let dropDatabase: () => Promise<void> = async () => {};
  const clock = new VirtualClock(START);
  let controller: RunningController;
  const session: Record<string, { cookie: string; csrf: string }> = {};

  function call(
    username: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    o: { csrf?: boolean } = {},
  ) {
    const s = session[username];
    const headers: Record<string, string> = s ? { cookie: s.cookie } : {};
    if (s && o.csrf !== false) headers['x-csrf-token'] = s.csrf;
    return controller.http.app.inject({ method, url, payload, headers });
  }
  const feed = async (unit: string, kind: UnitTopicKind, body: Record<string, unknown> = {}) => {
    const outcome = await controller.ingest.handle(
      unitTopic(unit, kind),
      Buffer.from(JSON.stringify({ ...validPayloads[kind], unit, ts: clock.now(), ...body })),
    );
    await controller.ingest.flush();
    return outcome;
  };
  const alertsOf = async (who: string, code: string, status = 'active') => {
    const res = await call(who, 'GET', `/api/patients/${code}/alerts?status=${status}`);
    expect(res.statusCode).toBe(200);
    return res.json<AlertView[]>();
  };
  const evaluate = () => controller.alertEvaluator.evaluateAll();

  beforeAll(async () => {
    const db = await database.open();
    dropDatabase = db.drop;
    controller = await startTestController(dir.path, undefined, {
      clock,
      alertEveryMs: YEAR,
      sessionLimits: { idleMs: YEAR, absoluteMs: YEAR },
      ...(db.url ? { db: db.url } : {}),
    });
    for (const [username, role] of [
      ['ada', 'admin'],
      ['cara', 'caregiver'],
      ['dan', 'caregiver'],
      ['vic', 'viewer'],
    ] as const) {
      const issued = await createUser(controller.store, clock, username, role);
      const res = await controller.http.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username, password: issued?.password },
      });
      expect(res.statusCode).toBe(200);
      session[username] = {
        cookie: String(res.headers['set-cookie']).split(';')[0] ?? '',
        csrf: res.json<{ csrf_token: string }>().csrf_token,
      };
    }
    for (const p of [
      { code: 'P-1', timezone: 'UTC', unit: 'bed-1', caregivers: ['cara', 'vic'] },
      { code: 'P-2', timezone: 'UTC', unit: 'bed-2', caregivers: ['dan'] },
    ])
      expect((await call('ada', 'POST', '/api/patients', p)).statusCode).toBe(201);
    const everyNight = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      time: '21:00',
      duration_min: 45,
    };
    const put = await call('cara', 'PUT', '/api/patients/P-1/schedule', {
      timezone: 'UTC',
      entries: [everyNight],
    });
    expect(put.statusCode).toBe(202);
  });
  afterAll(async () => {
    await controller?.stop();
    await dropDatabase();
    dir.remove();
  });

  return {
    clock,
    controller: () => controller,
    call,
    feed,
    alertsOf,
    evaluate,
    session: (username: string) => session[username],
  };
}
