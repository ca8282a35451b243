import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../../controller/auth/policy.js';
import { access, isStateChanging } from '../../../controller/auth/policy.js';
import { createUser } from '../../../controller/auth/users.js';
import { installAccess } from '../../../controller/http/plugins/access.js';
import type { App } from '../../../controller/http/server.js';
import type { RunningController } from '../../../controller/main.js';
import type { Role } from '../../../shared/api-people.js';
import { RealClock } from '../../../shared/clock.js';
import { startTestController } from '../../helpers/controller.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Every route of the HTTP API, driven through inject() against a real controller and SQLite. */

interface Person {
  username: string;
  role: Role;
  cookie: string;
  csrf: string;
}

const clock = new RealClock();
/** Each login test comes from its own address, so the per-address limit of one does not spill over. */
let nextAddress = 1;
const address = () => `10.9.0.${nextAddress++}`;

/** A concrete URL for a route: the caller's own patient, or another caregiver's. */
function fill(url: string, patient: string): string {
  return url
    .replace(':code', patient)
    .replace(':name', 'stop')
    .replace(':id', 'bed-1')
    .replace(':session_id', 's-1')
    .replace(':cmd_id', '00000000-0000-4000-8000-000000000000')
    .replace(':username', 'dan')
    .replace('*', 'x');
}

describe('access policy over every route', () => {
  const dir = tempDir();
  let controller: RunningController;
  const people: Record<string, Person> = {};
  const passwords: Record<string, string> = {};

  async function login(username: string, password: string, remoteAddress = address()) {
    return controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password },
      remoteAddress,
    });
  }

  async function as(who: Person | undefined, method: string, url: string, csrf = true) {
    const headers: Record<string, string> = {};
    if (who) headers.cookie = who.cookie;
    if (who && csrf) headers['x-csrf-token'] = who.csrf;
    const payload = isStateChanging(method) ? {} : undefined;
    return controller.http.app.inject({ method: method as 'GET', url, headers, payload });
  }

  beforeAll(async () => {
    controller = await startTestController(dir.path);
    const roles: [string, Role][] = [
      ['ada', 'admin'],
      ['cara', 'caregiver'],
      ['dan', 'caregiver'],
      ['vic', 'viewer'],
    ];
    for (const [username, role] of roles) {
      const issued = await createUser(controller.store, clock, username, role);
      passwords[username] = issued?.password ?? '';
      const res = await login(username, passwords[username] ?? '');
      expect(res.statusCode).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
      people[username] = { username, role, cookie, csrf: res.json<{ csrf_token: string }>().csrf_token };
    }
    await controller.store.patients.create(
      { code: 'P-1', timezone: 'Europe/Berlin', unit: 'bed-1', caregivers: ['cara', 'vic'] },
      clock.now(),
    );
    await controller.store.patients.create(
      { code: 'P-2', timezone: 'Europe/Berlin', unit: 'bed-2', caregivers: ['dan'] },
      clock.now(),
    );
  });
  afterAll(async () => {
    await controller?.stop();
    dir.remove();
  });

  const routes = () => controller.http.routes;
  const declared = () =>
    routes().filter((r): r is typeof r & { access: Access } => r.access !== undefined && r.method !== 'HEAD');
  const byKind = (kind: Access['kind']) => declared().filter((r) => r.access.kind === kind);

  it('every registered route declares its access, and only the expected ones are public', () => {
    expect(routes().length).toBeGreaterThan(25);
    expect(routes().filter((r) => r.access === undefined)).toEqual([]);
    const open = byKind('public').map((r) => `${r.method} ${r.url}`);
    const isApi = (r: string) => r.includes(' /api/') || r.endsWith(' /healthz');
    // Of the API, only these; besides it only the pages and their files (when the dashboard is built).
    expect(open.filter(isApi).sort()).toEqual(['GET /api/openapi.json', 'GET /healthz', 'POST /api/login']);
    const pagesAndAssets = [
      'GET /',
      'GET /app.js',
      'GET /app.js.map',
      'GET /login',
      'GET /patients/:code',
      'GET /protocols',
      'GET /patients/:code/sessions/:session_id',
      'GET /patients/:code/summary',
      'GET /style.css',
    ];
    for (const r of open.filter((r) => !isApi(r))) expect(pagesAndAssets).toContain(r);
    for (const url of [
      '/api/patients/:code',
      '/api/patients/:code/commands/:name',
      '/api/audit',
      '/api/users',
    ]) {
      expect(routes().some((r) => r.url === url)).toBe(true);
    }
  });

  it('a route without a declaration cannot be registered', async () => {
    const app = Fastify() as unknown as App;
    installAccess(app, controller.store, controller.http.sessions);
    expect(() => app.get('/api/forgotten', async () => ({}))).toThrow(/declares no access/);
    app.get('/api/declared', { config: { access: access.admin } }, async () => ({}));
    await app.close();
  });

  it('anonymous: 401 E_UNAUTHENTICATED on every route but the public ones', async () => {
    const closed = declared().filter((r) => r.access.kind !== 'public');
    expect(closed.length).toBeGreaterThan(20);
    for (const r of closed) {
      const res = await as(undefined, r.method, fill(r.url, 'P-1'));
      expect([r.method, r.url, res.statusCode, res.json().code]).toEqual([
        r.method,
        r.url,
        401,
        'E_UNAUTHENTICATED',
      ]);
    }
    // The HEAD twins fastify adds to GET routes are behind the same hook.
    const heads = routes().filter((r) => r.method === 'HEAD' && r.access?.kind !== 'public');
    expect(heads.length).toBeGreaterThan(10);
    for (const r of heads) {
      expect([r.url, (await as(undefined, 'HEAD', fill(r.url, 'P-1'))).statusCode]).toEqual([r.url, 401]);
    }
  });

  it('a caregiver or viewer on admin routes: 403 E_FORBIDDEN', async () => {
    const adminOnly = byKind('roles').filter(
      (r) => r.access.kind === 'roles' && !r.access.roles.includes('caregiver'),
    );
    expect(adminOnly.length).toBeGreaterThan(10);
    for (const who of [people.cara, people.vic]) {
      for (const r of adminOnly) {
        const res = await as(who, r.method, fill(r.url, 'P-1'));
        expect([who?.username, r.method, r.url, res.statusCode, res.json().code]).toEqual([
          who?.username,
          r.method,
          r.url,
          403,
          'E_FORBIDDEN',
        ]);
      }
    }
  });

  it("a caregiver on another caregiver's patient: 404, as if it did not exist", async () => {
    const patientRoutes = byKind('patient');
    expect(patientRoutes.length).toBeGreaterThanOrEqual(7);
    for (const r of patientRoutes) {
      const theirs = await as(people.cara, r.method, fill(r.url, 'P-2'));
      const nobody = await as(people.cara, r.method, fill(r.url, 'P-404'));
      // Same answer as for a patient that does not exist: its existence does not leak.
      expect([r.method, r.url, theirs.statusCode, nobody.statusCode]).toEqual([r.method, r.url, 404, 404]);
      expect(theirs.json()).toEqual({ code: 'E_NOT_FOUND', message: 'no patient P-2' });
      expect(nobody.json()).toEqual({ code: 'E_NOT_FOUND', message: 'no patient P-404' });
    }
  });

  it('a viewer on every state-changing route: 403 (only their own session and password are theirs to change)', async () => {
    const writes = declared().filter((r) => isStateChanging(r.method) && r.access.kind !== 'public');
    const own = writes.filter((r) => r.access.kind === 'signed_in').map((r) => r.url);
    expect(own.sort()).toEqual(['/api/logout', '/api/me/password']);
    const checked = writes.filter((r) => r.access.kind !== 'signed_in');
    expect(checked.length).toBeGreaterThanOrEqual(8);
    for (const r of checked) {
      const res = await as(people.vic, r.method, fill(r.url, 'P-1'));
      expect([r.method, r.url, res.statusCode, res.json().code]).toEqual([
        r.method,
        r.url,
        403,
        'E_FORBIDDEN',
      ]);
    }
  });

  it('a state-changing request without the CSRF header: 403 E_CSRF, even for an admin', async () => {
    const writes = declared().filter((r) => isStateChanging(r.method) && r.access.kind !== 'public');
    for (const r of writes) {
      const res = await as(people.ada, r.method, fill(r.url, 'P-1'), false);
      expect([r.method, r.url, res.statusCode, res.json().code]).toEqual([r.method, r.url, 403, 'E_CSRF']);
      const wrong = await controller.http.app.inject({
        method: r.method as 'POST',
        url: fill(r.url, 'P-1'),
        headers: { cookie: people.ada?.cookie ?? '', 'x-csrf-token': people.cara?.csrf ?? '' },
        payload: {},
      });
      expect(wrong.statusCode).toBe(403);
    }
  });

  it('the sixth failed login in a row answers 429', async () => {
    const from = address();
    for (let i = 1; i <= 5; i++) {
      const res = await login('dan', `wrong-${i}`, from);
      expect(res.statusCode).toBe(401);
    }
    const sixth = await login('dan', passwords.dan ?? '', from);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe('E_LOGIN_RATE_LIMITED');
    // Another address is limited too: five failures for one username lock that username.
    expect((await login('dan', passwords.dan ?? '')).statusCode).toBe(429);
    // And one address: five failures across names.
    const shared = address();
    for (const name of ['u1', 'u2', 'u3', 'u4', 'u5'])
      expect((await login(name, 'x', shared)).statusCode).toBe(401);
    expect((await login('ada', passwords.ada ?? '', shared)).statusCode).toBe(429);
  });

  it('an unknown user and a wrong password get the same status and body', async () => {
    const unknown = await login('nobody-here', 'whatever');
    const wrong = await login('cara', 'not-her-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.json().code).toBe('E_LOGIN_FAILED');
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });

  it('logs in with a cookie as DESIGN.md says, and logout ends the session', async () => {
    const res = await login('cara', passwords.cara ?? '');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^nocturne_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const me: Person = {
      username: 'cara',
      role: 'caregiver',
      cookie: cookie.split(';')[0] ?? '',
      csrf: res.json().csrf_token,
    };
    expect(res.json()).toEqual({ username: 'cara', role: 'caregiver', csrf_token: me.csrf });
    expect((await as(me, 'GET', '/api/me')).json()).toEqual(res.json());
    expect((await as(me, 'POST', '/api/logout')).statusCode).toBe(204);
    expect((await as(me, 'GET', '/api/me')).statusCode).toBe(401);
  });

  it('security headers: strict CSP without unsafe-inline, nosniff, no framing', async () => {
    const res = await controller.http.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const me = await as(people.cara, 'GET', '/api/me');
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('rejects oversized bodies and never echoes a stack trace', async () => {
    const big = await controller.http.app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username: 'x', password: 'y'.repeat(10_000) },
    });
    expect(big.statusCode).toBe(413);
    const bad = await as(people.ada, 'POST', '/api/patients');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/\bat .+\.(js|ts):\d+/);
  });
});
