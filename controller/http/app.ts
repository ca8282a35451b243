import { existsSync } from 'node:fs';
import type { FastifyError } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { ItemTextFile } from '../../shared/schemas/outcomes/index.js';
import { AlertService } from '../alerts/service.js';
import { AuditLog } from '../audit/audit-log.js';
import { dummyHash } from '../auth/passwords.js';
import { access } from '../auth/policy.js';
import { DEFAULT_SESSION_LIMITS, LoginSessions, type SessionLimits } from '../auth/sessions.js';
import type { ControlPublisher } from '../control/publisher.js';
import { ControllerErrorCode } from '../errors.js';
import type { Ingest } from '../ingest/ingest.js';
import { alertServiceHooks, type OutcomeHooks } from '../outcomes/alerts.js';
import { ProtocolLibrary } from '../protocols/library.js';
import type { ControllerStore } from '../store/repos.js';
import { installAccess, installFirstRunGate, type RouteAccess } from './plugins/access.js';
import { installOpenApi } from './plugins/openapi.js';
import { installSecurity } from './plugins/security.js';
import { alertRoutes } from './routes/alerts.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { controlRoutes } from './routes/control.js';
import { exportRoutes } from './routes/export.js';
import { ingestRoutes } from './routes/ingest.js';
import { liveRoutes } from './routes/live.js';
import { outcomeViewRoutes } from './routes/outcome-views.js';
import { outcomeEntryRoutes } from './routes/outcomes.js';
import { pageRoutes } from './routes/pages.js';
import { patientControlRoutes } from './routes/patient-control.js';
import { patientDashboardRoutes } from './routes/patient-dashboard.js';
import { patientSessionRoutes } from './routes/patient-sessions.js';
import { patientRoutes } from './routes/patients.js';
import { protocolRoutes } from './routes/protocols.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';
import { createServer } from './server.js';

export interface AppOptions {
  store: ControllerStore;
  ingest: Ingest;
  publisher: ControlPublisher;
  clock: Clock;
  log: Logger;
  /** Folder with the built dashboard (index.html, app.js); its pages are not served when absent. */
  webRoot?: string;
  /** Session expiry and login rate limit (defaults: DESIGN.md). */
  sessionLimits?: Partial<SessionLimits>;
  /** Serve only the first-run page while the database has no admin (`nocturne controller`). */
  requireAdmin?: boolean;
  /** Served under HTTPS: Secure cookies, HSTS, upgrade-insecure-requests. */
  https?: boolean;
  /** PEM certificate and key: serve HTTPS itself (the dashboard beyond loopback, DESIGN.md "Network and TLS"). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Where audit entries go (one per process; the demo and tests share it). */
  audit?: AuditLog;
  /** Where outcome alerts go (PHQ-9 item 9, overdue measures); default: `alerts`. */
  outcomeHooks?: OutcomeHooks;
  /** A clinic's licensed questionnaire wording (`--item-text FILE`), shown beside the neutral labels. */
  itemText?: ItemTextFile;
  /** Alerts (controller/alerts); one per process, shared with the evaluator and other engines. */
  alerts?: AlertService;
}

import type { App } from './server.js';

export type { App };

export interface BuiltApp {
  app: App;
  /** Every registered route with its access declaration (the policy test walks it). */
  routes: readonly RouteAccess[];
  sessions: LoginSessions;
  audit: AuditLog;
  alerts: AlertService;
}

/** The controller's HTTP side: JSON API under /api, live updates, and the dashboard pages. */
export async function buildApp(o: AppOptions): Promise<BuiltApp> {
  const app = createServer(o.log.child({ part: 'http' }), o.tls);
  const sessions = new LoginSessions(o.store, o.clock, { ...DEFAULT_SESSION_LIMITS, ...o.sessionLimits });
  const audit = o.audit ?? new AuditLog(o.store, o.clock, o.log.child({ part: 'audit' }));
  const alerts = o.alerts ?? new AlertService(o.store, o.clock);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: FastifyError, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      o.log.error({ err }, 'request failed');
      return reply.status(status).send({ code: ControllerErrorCode.Internal, message: 'internal error' });
    }
    const code = err.validation
      ? ControllerErrorCode.BadRequest
      : (err.code ?? ControllerErrorCode.BadRequest);
    return reply.status(status).send({ code, message: err.message });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({
      code: ControllerErrorCode.NotFound,
      message: `no route ${req.method} ${req.url.slice(0, 200)}`,
    }),
  );
  await installSecurity(app, o.https ?? o.tls !== undefined);
  await installOpenApi(app);
  if (o.requireAdmin) installFirstRunGate(app, o.store);
  const routes = installAccess(app, o.store, sessions, audit);
  // Made once now, so the first unknown-user login costs what every later one does.
  await dummyHash();

  app.get('/healthz', { config: { access: access.public } }, async () => ({ ok: true }));
  app.get(
    '/api/openapi.json',
    { config: { access: access.public }, schema: { hide: true, response: { 200: z.unknown() } } },
    async () => app.swagger(),
  );
  await app.register(authRoutes(sessions, audit));
  await app.register(userRoutes(o.store, audit, o.clock));
  await app.register(patientRoutes(o.store, audit, o.clock));
  await app.register(patientSessionRoutes(o.store));
  await app.register(patientControlRoutes(o.store, o.publisher, audit, o.clock));
  await app.register(exportRoutes(o.store, audit));
  const outcomeHooks = o.outcomeHooks ?? alertServiceHooks(alerts);
  await app.register(outcomeEntryRoutes(o.store, audit, o.clock, outcomeHooks));
  await app.register(outcomeViewRoutes(o.store, o.clock, o.itemText));
  await app.register(auditRoutes(o.store));
  await app.register(alertRoutes(o.store, alerts, audit, o.clock));
  await app.register(patientDashboardRoutes(o.store, alerts, audit, o.clock));
  await app.register(unitRoutes(o.store));
  await app.register(protocolRoutes(new ProtocolLibrary(o.store, o.clock), audit));
  await app.register(liveRoutes(o.store, o.ingest, o.clock, sessions, alerts));
  await app.register(ingestRoutes(o.store, o.ingest));
  await app.register(controlRoutes(o.store, o.publisher, audit));
  if (o.webRoot && existsSync(o.webRoot)) await app.register(pageRoutes(o.webRoot));
  return { app, routes, sessions, audit, alerts };
}
