import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { type FastifyServerFactory, LogController } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../../shared/log.js';

/** Largest JSON body any route accepts (a schedule is the biggest, well under this). */
const BODY_LIMIT = 64 * 1024;

/** The bare fastify instance the plugins and routes are installed on (http/app.ts composes them). */
export function createServer(log: Logger, tls?: { cert: string | Buffer; key: string | Buffer }) {
  // An HTTPS server serves the same requests; the cast keeps one App type for both.
  const serverFactory: FastifyServerFactory | undefined = tls
    ? (handler) => createHttpsServer(tls, handler) as unknown as Server
    : undefined;
  return Fastify({
    loggerInstance: log,
    ...(serverFactory ? { serverFactory } : {}),
    forceCloseConnections: true,
    bodyLimit: BODY_LIMIT,
    // Per-request logs would drown everything else; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();
}

export type App = ReturnType<typeof createServer>;
