import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock, Timer } from '../../../shared/clock.js';
import { type AlertService, toAlertView } from '../../alerts/service.js';
import { access, visiblePatients, visibleUnits } from '../../auth/policy.js';
import type { LoginSessions } from '../../auth/sessions.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf, SESSION_COOKIE } from '../plugins/access.js';
import { toUnitView } from '../views.js';

/** Updates for one unit are sent at most this often per client. */
const COALESCE_MS = 250;
/** A comment line keeps proxies from closing an idle stream; the caller's rights are re-read then. */
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: `snapshot` with the caller's units on connect (their patients' units; an
 * admin's: every unit), then `unit` with one unit's view whenever ingest stores something about
 * it. With alerts: `alerts` (the active ones) on connect, then `alert` whenever one of the
 * caller's patients' alerts opens, changes or clears. The stream ends when the caller's session
 * does; assignments are re-read every heartbeat.
 */
export function liveRoutes(
  store: ControllerStore,
  ingest: Ingest,
  clock: Clock,
  sessions: LoginSessions,
  alerts?: AlertService,
): FastifyPluginAsyncZod {
  return async (app) => {
    const open = new Set<ServerResponse>();
    app.addHook('onClose', async () => {
      for (const res of open) res.end();
    });

    app.get('/api/live', { config: { access: access.signedIn } }, async (req, reply) => {
      const caller = callerOf(req);
      const token = req.cookies[SESSION_COOKIE];
      let allowed = await visibleUnits(store, caller);
      // undefined: every patient (admins).
      let patients = await visiblePatients(store, caller);
      const maySee = (patient: string) => patients === undefined || patients.includes(patient);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      open.add(res);
      const send = (event: string, data: unknown) =>
        res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const pending = new Map<string, Timer>();
      const pushUnit = async (unit: string) => {
        pending.delete(unit);
        const row = await store.units.get(unit);
        if (row && allowed.has(unit) && !res.writableEnded) send('unit', toUnitView(row));
      };
      const stopUpdates = ingest.onUpdate((unit) => {
        // Admins see new units as they appear; everyone else only their patients' units.
        if (caller.role === 'admin') allowed.add(unit);
        if (!allowed.has(unit) || pending.has(unit)) return;
        pending.set(
          unit,
          clock.setTimeout(() => {
            pushUnit(unit).catch((err: unknown) => req.log.warn({ err }, 'live update failed'));
          }, COALESCE_MS),
        );
      });
      const stopAlerts = alerts?.onChange((alert) => {
        if (maySee(alert.patient) && !res.writableEnded) send('alert', alert);
      });
      const recheck = async () => {
        if (!(await sessions.authenticate(token, { touch: false }))) return res.end();
        allowed = await visibleUnits(store, caller);
        patients = await visiblePatients(store, caller);
        res.write(': keep-alive\n\n');
      };
      const heartbeat = clock.setInterval(() => {
        recheck().catch((err: unknown) => req.log.warn({ err }, 'live recheck failed'));
      }, HEARTBEAT_MS);
      res.on('close', () => {
        open.delete(res);
        stopUpdates();
        stopAlerts?.();
        heartbeat.cancel();
        for (const timer of pending.values()) timer.cancel();
      });
      const rows = await store.units.list();
      send('snapshot', rows.filter((r) => allowed.has(r.id)).map(toUnitView));
      if (alerts) {
        const active = await store.alerts.list({ patients, status: 'active', limit: 1000 });
        if (!res.writableEnded) send('alerts', active.map(toAlertView));
      }
    });
  };
}
