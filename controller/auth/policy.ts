import { timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/api-people.js';
import { AuthErrorCode } from '../errors.js';
import type { ControllerStore } from '../store/repos.js';
import type { Caller } from './sessions.js';

/**
 * What a route needs, declared on the route (`config.access`) and checked by one hook before any
 * handler runs (DESIGN.md "Controller: people, patients, access"). Handlers never check access.
 *
 * - `public`: anyone (login, health, the pages and their assets; pages hold no data).
 * - `signed_in`: any signed-in person; the handler shows only what `visiblePatients` allows.
 * - `roles`: only these roles (admin routes).
 * - `patient`: the patient named by route param `param`; a caregiver or viewer must be assigned
 *   to it (else 404, so its existence does not leak). Viewers only where `viewers` is true, and
 *   never on a state-changing method (read-only, DESIGN.md); exporting is not for viewers either.
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed_in' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'patient'; param: string; viewers: boolean };

export const access = {
  public: { kind: 'public' },
  signedIn: { kind: 'signed_in' },
  admin: { kind: 'roles', roles: ['admin'] },
  staff: { kind: 'roles', roles: ['admin', 'caregiver'] },
  patientRead: (param = 'code'): Access => ({ kind: 'patient', param, viewers: true }),
  patientWrite: (param = 'code'): Access => ({ kind: 'patient', param, viewers: false }),
  /** Taking the data out: caregivers and admins, not viewers. */
  patientExport: (param = 'code'): Access => ({ kind: 'patient', param, viewers: false }),
} as const satisfies Record<string, Access | ((param?: string) => Access)>;

export interface AccessRequest {
  method: string;
  access: Access | undefined;
  caller: Caller | undefined;
  csrfHeader: string | undefined;
  params: Record<string, string | undefined>;
}

export type Decision =
  | { allow: true }
  | { allow: false; status: 401 | 403 | 404 | 500; code: string; message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOW: Decision = { allow: true };

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The one access decision. `caller` is whoever the session cookie names (undefined: nobody). */
export async function decide(store: ControllerStore, r: AccessRequest): Promise<Decision> {
  const a = r.access;
  if (!a) return deny(500, AuthErrorCode.NoPolicy, 'route declares no access policy');
  if (a.kind === 'public') return ALLOW;
  const caller = r.caller;
  if (!caller) return deny(401, AuthErrorCode.Unauthenticated, 'sign in first');
  if (isStateChanging(r.method) && !(r.csrfHeader && sameToken(r.csrfHeader, caller.csrf_token)))
    return deny(403, AuthErrorCode.Csrf, 'missing or wrong X-CSRF-Token');
  switch (a.kind) {
    case 'signed_in':
      return ALLOW;
    case 'roles':
      return a.roles.includes(caller.role) ? ALLOW : forbidden();
    case 'patient': {
      if (caller.role === 'viewer' && (!a.viewers || isStateChanging(r.method))) return forbidden();
      const code = r.params[a.param] ?? '';
      const visible =
        caller.role === 'admin'
          ? await store.patients.exists(code)
          : await store.patients.isAssigned(code, caller.username);
      return visible ? ALLOW : deny(404, AuthErrorCode.NotFound, `no patient ${code.slice(0, 32)}`);
    }
  }
}

/** Whose assignments bound what a caller sees: undefined means everything (admins). */
export function patientScope(caller: Caller): string | undefined {
  return caller.role === 'admin' ? undefined : caller.username;
}

/** The patients a caller may see: undefined means all (admins). */
export async function visiblePatients(store: ControllerStore, caller: Caller): Promise<string[] | undefined> {
  const scope = patientScope(caller);
  return scope === undefined ? undefined : (await store.patients.list(scope)).map((p) => p.code);
}

/** The units whose live state a caller may see (their patients' units now; admins all). */
export async function visibleUnits(store: ControllerStore, caller: Caller): Promise<Set<string>> {
  if (caller.role === 'admin') return new Set((await store.units.list()).map((u) => u.id));
  return new Set(await store.patients.currentUnits(caller.username));
}

function forbidden(): Decision {
  return deny(403, AuthErrorCode.Forbidden, 'not allowed for your role');
}

function deny(status: 401 | 403 | 404 | 500, code: string, message: string): Decision {
  return { allow: false, status, code, message };
}
