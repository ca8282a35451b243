import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyServerFactory, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/log.js';
import type { ControlPublisher } from '../control/publisher.js';
import { ControllerErrorCode } from '../errors.js';
import type { Ingest } from '../ingest/ingest.js';
import type { ControllerStore } from '../store/repos.js';
import { controlRoutes } from './routes/control.js';
import { ingestRoutes } from './routes/ingest.js';
import { liveRoutes } from './routes/live.js';
import { unitRoutes } from './routes/units.js';

export interface AppOptions {
  store: ControllerStore;
  ingest: Ingest;
  publisher: ControlPublisher;
  clock: Clock;
  log: Logger;
  /** Folder with the built dashboard (index.html, app.js); not served when absent. */
  webRoot?: string;
  /** PEM certificate and key: serve HTTPS (the dashboard beyond loopback, DESIGN.md "Network and TLS"). */
  https?: { cert: string | Buffer; key: string | Buffer };
}

export type App = ReturnType<typeof createApp>;

function createApp(log: Logger, https?: AppOptions['https']) {
  // An HTTPS server serves the same requests; the cast keeps one App type for both.
  const serverFactory: FastifyServerFactory | undefined = https
    ? (handler) => createHttpsServer(https, handler) as unknown as Server
    : undefined;
  return Fastify({
    loggerInstance: log,
    ...(serverFactory ? { serverFactory } : {}),
    forceCloseConnections: true,
    // Per-request logs would drown everything else; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
}

/** The controller's HTTP side: JSON API under /api, live updates, and the dashboard at /. */
export async function buildApp(o: AppOptions): Promise<App> {
  const app = createApp(o.log.child({ part: 'http' }), o.https);
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
    reply
      .status(404)
      .send({ code: ControllerErrorCode.NotFound, message: `no route ${req.method} ${req.url}` }),
  );
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(unitRoutes(o.store));
  await app.register(liveRoutes(o.store, o.ingest, o.clock));
  await app.register(ingestRoutes(o.store, o.ingest));
  await app.register(controlRoutes(o.store, o.publisher));
  if (o.webRoot && existsSync(o.webRoot)) await app.register(fastifyStatic, { root: o.webRoot });
  return app;
}
