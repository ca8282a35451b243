import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../controller/http/app.js';
import type { RunningController } from '../../../controller/main.js';
import type { ProtocolList } from '../../../shared/api-protocols.js';
import { exportProtocol, ISO_45 } from '../../../shared/schemas/protocol.js';
import { badPayload } from '../../helpers/bad-payload.js';
import { embeddedBroker, type SignedIn, startTestController, testAdmin } from '../../helpers/controller.js';
import { FUZZ_TIMEOUT_MS, fuzzRuns, hostilePayload } from '../../helpers/fuzz.js';
import { tempDir } from '../../helpers/temp-dir.js';

// Kept apart from the route tests so the HTTP routes' rewrite can extend it route by route.
const validCommand = { args: {}, ttl_s: 60 };
const validSchedule = {
  timezone: 'Europe/Berlin',
  entries: [{ days: ['mon'], time: '22:00', duration_min: 45, enabled: true }],
};
const segment = fc.oneof(
  fc.constantFrom('bed-1', 'bed-2', 'BAD', '..', '%00', 'a'.repeat(40), 'start', 'snooze', 'config'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
const query = fc.oneof(
  fc.constantFrom(
    '',
    '?limit=1',
    '?limit=0',
    '?limit=-1',
    '?limit=1e9',
    '?limit=abc',
    '?points=5',
    '?limit[]=1',
  ),
  fc.string({ maxLength: 30 }).map((s) => `?${s}`),
  fc
    .tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }))
    .map(([k, v]) => `?${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
);

describe('HTTP bodies and queries under malformed input (fast-check, app.inject)', {
  timeout: FUZZ_TIMEOUT_MS,
}, () => {
  const dir = tempDir();
  let controller: RunningController;
  let app: App;
  let admin: SignedIn;

  beforeAll(async () => {
    controller = await startTestController(dir.path, embeddedBroker());
    app = controller.http.app;
    // Signed in as an admin: the bodies reach their parsers, not only the access hook.
    admin = await testAdmin(controller);
  });
  afterAll(async () => {
    await controller.stop();
    dir.remove();
  });

  /** What the API stores for a unit, as its views show it. */
  const stored = async () =>
    JSON.stringify(
      await Promise.all(
        ['/api/units/bed-1/commands', '/api/units/bed-1/schedule'].map(async (url) =>
          (await app.inject({ url })).json(),
        ),
      ),
    );

  const expectClientError = (status: number, body: string) => {
    expect(status, body).toBeLessThan(500);
    if (status >= 400) expect(JSON.parse(body)).toHaveProperty('code');
  };

  it.each([
    ['POST', '/api/units/bed-1/commands/start', validCommand],
    ['POST', '/api/units/bed-1/commands/snooze', { args: { minutes: 10 }, ttl_s: 60 }],
    ['PUT', '/api/units/bed-1/schedule', validSchedule],
  ] as const)(
    '%s %s: a 4xx with a code for any body, and nothing stored by a refusal',
    async (method, url, valid) => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.oneof(badPayload(valid), hostilePayload(valid)), async (payload) => {
          const before = ++run % 50 === 0 ? await stored() : undefined;
          const res = await app.inject({
            method,
            url,
            payload,
            headers: { 'content-type': 'application/json' },
          });
          expectClientError(res.statusCode, res.body);
          if (before !== undefined && res.statusCode >= 400) expect(await stored()).toBe(before);
        }),
        { numRuns: fuzzRuns(0.3), seed: 8 },
      );
    },
  );

  it.each([
    ['/api/protocols', { name: 'ward-f', title: 'Fuzzed', params: { session_minutes: 30 } }],
    ['/api/protocols/import', { ...JSON.parse(exportProtocol(ISO_45)), name: 'ward-g' }],
  ] as const)(
    'POST %s as an admin: a 4xx with a code for any bad body, and no version stored by a refusal',
    async (url, valid) => {
      const versions = async () =>
        (await app.inject({ url: '/api/protocols', headers: admin.headers })).json<ProtocolList>().protocols
          .length;
      await fc.assert(
        fc.asyncProperty(fc.oneof(badPayload(valid), hostilePayload(valid)), async (payload) => {
          const before = await versions();
          const res = await app.inject({
            method: 'POST',
            url,
            payload,
            headers: { ...admin.headers, 'content-type': 'application/json' },
          });
          expectClientError(res.statusCode, res.body);
          if (res.statusCode >= 400) expect(await versions()).toBe(before);
        }),
        { numRuns: fuzzRuns(0.1), seed: 8 },
      );
    },
  );

  it('POST /api/login: any body is a 4xx with a code, never a sign-in or a server error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          badPayload({ username: 'test-admin', password: 'x' }),
          hostilePayload({ username: 'u', password: 'p' }),
        ),
        async (payload) => {
          const res = await app.inject({
            method: 'POST',
            url: '/api/login',
            payload,
            headers: { 'content-type': 'application/json' },
          });
          expect(res.statusCode).toBeGreaterThanOrEqual(400);
          expectClientError(res.statusCode, res.body);
        },
      ),
      { numRuns: fuzzRuns(0.05), seed: 8 },
    );
  });

  it('refuses an oversize body (413) before parsing it', async () => {
    const res = await app.inject({
      method: 'PUT',
      url: '/api/units/bed-1/schedule',
      payload: `{"timezone":"${'x'.repeat(2 * 1024 * 1024)}"}`,
      headers: { ...admin.headers, 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
  });

  it('answers any path parameter and query string on the GET routes without a server error', async () => {
    const routes = [
      (a: string) => `/api/units/${a}`,
      (a: string) => `/api/units/${a}/sessions`,
      (a: string, b: string) => `/api/units/${a}/sessions/${b}`,
      (a: string) => `/api/units/${a}/commands`,
      (a: string, b: string) => `/api/units/${a}/commands/${b}`,
      (a: string) => `/api/units/${a}/schedule`,
      () => '/api/ingest',
      (a: string) => `/api/patients/${a}`,
      (a: string, b: string) => `/api/patients/${a}/sessions/${b}`,
      (a: string) => `/api/patients/${a}/export`,
      () => '/api/audit',
      () => '/api/patients',
      (a: string, b: string) => `/api/protocols/${a}/${b}/file`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat(routes.length - 1), segment, segment, query, async (r, a, b, q) => {
        const url = `${(routes[r] as (a: string, b: string) => string)(a, b)}${q}`;
        const res = await app.inject({ url, headers: admin.headers });
        expectClientError(res.statusCode, res.body);
      }),
      { numRuns: fuzzRuns(0.5), seed: 8 },
    );
  });
});
