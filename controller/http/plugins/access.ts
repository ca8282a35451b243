import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { type Access, decide } from '../../auth/policy.js';
import type { Caller, LoginSessions } from '../../auth/sessions.js';
import { AuthErrorCode } from '../../errors.js';
import type { ControllerStore } from '../../store/repos.js';
import type { App } from '../server.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares what it needs (controller/auth/policy.ts). */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who the request acts for; set by the access hook on every non-public route. */
    caller: Caller | undefined;
  }
}

export const SESSION_COOKIE = 'nocturne_session';

export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

/** The caller of a route behind the access hook (the hook guarantees one). */
export function callerOf(req: FastifyRequest): Caller {
  if (!req.caller) throw new Error('route reached without a caller: its access is not signed-in');
  return req.caller;
}

/**
 * Installs the access policy on the root instance: a route without a declaration cannot even be
 * registered, and one onRequest hook decides every request before parsing or any handler.
 * Returns the table of routes and their declarations (the policy test walks it).
 */
export function installAccess(
  app: App,
  store: ControllerStore,
  sessions: LoginSessions,
  audit?: AuditLog,
): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.decorateRequest('caller', undefined);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const declared = (route.config as { access?: Access } | undefined)?.access;
    for (const method of methods) table.push({ method, url: route.url, access: declared });
    if (!declared) throw new Error(`route ${methods.join(',')} ${route.url} declares no access`);
  });
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // No route matched: the not-found handler answers 404 (found by fuzzing: it was a 500).
    if (req.is404) return;
    const declared = req.routeOptions.config.access;
    const token = req.cookies[SESSION_COOKIE];
    const caller = declared?.kind === 'public' ? undefined : await sessions.authenticate(token);
    const header = req.headers['x-csrf-token'];
    const decision = await decide(store, {
      method: req.method,
      access: declared,
      caller,
      csrfHeader: typeof header === 'string' ? header : undefined,
      params: req.params as Record<string, string | undefined>,
    });
    if (!decision.allow) {
      if (decision.status === 401 && token) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      // A signed-in person refused is worth knowing about (probing other patients, a viewer trying to act).
      if (caller && audit) {
        await audit.record({
          actor: caller.username,
          action: AuditAction.AccessDenied,
          detail: { method: req.method, url: req.url.slice(0, 200), code: decision.code },
          outcome: String(decision.status),
        });
      }
      return reply.status(decision.status).send({ code: decision.code, message: decision.message });
    }
    req.caller = caller;
  });
  return table;
}

/** Until an admin exists, everything but /healthz answers with how to create one (no default login). */
export function installFirstRunGate(app: App, store: ControllerStore): void {
  let adminKnown = false;
  app.addHook('onRequest', async (req, reply) => {
    if (adminKnown || req.url === '/healthz') return;
    adminKnown = await store.users.hasAdmin();
    if (adminKnown) return;
    const message =
      'this controller has no administrator yet: run `nocturne user add NAME --role admin` (with the same --db), then reload';
    if (req.url.startsWith('/api/')) {
      return reply.status(503).send({ code: AuthErrorCode.NoAdmin, message });
    }
    return reply.status(503).type('text/html; charset=utf-8').send(FIRST_RUN_PAGE);
  });
}

const FIRST_RUN_PAGE = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Nocturne — first run</title><link rel="stylesheet" href="/style.css" /></head>
  <body>
    <main>
      <h1>Nocturne needs an administrator</h1>
      <p>No account can sign in yet, and there is no default password. On the controller machine, run:</p>
      <pre>nocturne user add NAME --role admin --db URL</pre>
      <p>with the same <code>--db</code> as this controller. It prints the generated password once. Then reload this page.</p>
    </main>
  </body>
</html>
`;
