import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock, Timer } from '../../../shared/clock.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { ControllerStore } from '../../store/repos.js';
import { toUnitView } from '../views.js';

/** Updates for one unit are sent at most this often per client. */
const COALESCE_MS = 250;
/** A comment line keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: `snapshot` with every unit on connect, then `unit` with one unit's view
 * whenever ingest stores something about it.
 */
export function liveRoutes(store: ControllerStore, ingest: Ingest, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    const open = new Set<ServerResponse>();
    app.addHook('onClose', async () => {
      for (const res of open) res.end();
    });

    app.get('/api/live', async (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      open.add(res);
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const pending = new Map<string, Timer>();
      const pushUnit = async (unit: string) => {
        pending.delete(unit);
        const row = await store.units.get(unit);
        if (row && !res.writableEnded) send('unit', toUnitView(row));
      };
      const stopUpdates = ingest.onUpdate((unit) => {
        if (pending.has(unit)) return;
        pending.set(
          unit,
          clock.setTimeout(() => {
            pushUnit(unit).catch((err: unknown) => req.log.warn({ err }, 'live update failed'));
          }, COALESCE_MS),
        );
      });
      const heartbeat = clock.setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        open.delete(res);
        stopUpdates();
        heartbeat.cancel();
        for (const timer of pending.values()) timer.cancel();
      });
      send('snapshot', (await store.units.list()).map(toUnitView));
    });
  };
}
