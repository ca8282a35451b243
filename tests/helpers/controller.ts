import { join } from 'node:path';
import { createUser } from '../../controller/auth/users.js';
import {
  type BrokerChoice,
  type ControllerOptions,
  type RunningController,
  startController,
} from '../../controller/main.js';
import type { Role } from '../../shared/api-people.js';
import { RealClock } from '../../shared/clock.js';
import { silentLogger } from '../../shared/log.js';

/** The embedded broker on a free port, with or without anonymous read access. */
export function embeddedBroker(anonymousRead = false): BrokerChoice {
  return { kind: 'embedded', host: '127.0.0.1', port: 0, fallbackToFreePort: false, anonymousRead };
}

/** A controller for a test: SQLite in `dir`, HTTP and broker on free ports, silent logs. */
export function startTestController(
  dir: string,
  broker: BrokerChoice = embeddedBroker(),
  options: Partial<ControllerOptions> = {},
): Promise<RunningController> {
  return startController({
    broker,
    db: `sqlite:${join(dir, 'controller.db')}`,
    http: { host: '127.0.0.1', port: 0 },
    log: silentLogger(),
    ...options,
  });
}

/** A signed-in person: the cookie and CSRF header to send along. */
export interface SignedIn {
  username: string;
  password: string;
  role: Role;
  cookie: string;
  csrf: string;
  /** Headers for a request as this person (the CSRF header only matters on state changes). */
  headers: Record<string, string>;
}

/** Creates an account (when new) and signs it in over real HTTP. */
export async function signIn(controller: RunningController, username: string, role: Role): Promise<SignedIn> {
  const issued = await createUser(controller.store, new RealClock(), username, role);
  if (!issued) throw new Error(`user ${username} exists; sign in with its password instead`);
  return signInWith(controller, username, issued.password, role);
}

export async function signInWith(
  controller: RunningController,
  username: string,
  password: string,
  role: Role,
): Promise<SignedIn> {
  const res = await fetch(`${controller.httpUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrf_token } = (await res.json()) as { csrf_token: string };
  return {
    username,
    password,
    role,
    cookie,
    csrf: csrf_token,
    headers: { cookie, 'x-csrf-token': csrf_token },
  };
}

const admins = new WeakMap<RunningController, Promise<SignedIn>>();

/** The test admin of a controller, signed in once. */
export function testAdmin(controller: RunningController): Promise<SignedIn> {
  let admin = admins.get(controller);
  if (!admin) {
    admin = signIn(controller, 'test-admin', 'admin');
    admins.set(controller, admin);
  }
  return admin;
}

/** GETs a JSON document from the controller's API as its test admin, failing on an HTTP error. */
export async function getJson<T>(controller: RunningController, path: string): Promise<T> {
  const { headers } = await testAdmin(controller);
  const res = await fetch(`${controller.httpUrl}${path}`, { headers });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Calls the controller's API as its test admin; the status and JSON body, whatever the status. */
export async function adminApi<T>(
  controller: RunningController,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const { headers } = await testAdmin(controller);
  const res = await fetch(`${controller.httpUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
