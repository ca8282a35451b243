import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import {
  alertActionSchema,
  alertListQuerySchema,
  alertParamsSchema,
  alertSettingsSchema,
  alertViewSchema,
} from '../../../shared/api-dashboard.js';
import { patientParamsSchema } from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import { type AlertService, toAlertView } from '../../alerts/service.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access, visiblePatients } from '../../auth/policy.js';
import { ControllerErrorCode } from '../../errors.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/** Alerts: read by everyone assigned; acknowledged, cleared and tuned by caregivers (audited). */
export function alertRoutes(
  store: ControllerStore,
  alerts: AlertService,
  audit: AuditLog,
  clock: Clock,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/alerts',
      {
        config: { access: access.signedIn },
        schema: { querystring: alertListQuerySchema, response: { 200: z.array(alertViewSchema) } },
      },
      async (req) => {
        const patients = await visiblePatients(store, callerOf(req));
        return (await store.alerts.list({ ...req.query, patients })).map(toAlertView);
      },
    );

    app.get(
      '/api/patients/:code/alerts',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: alertListQuerySchema,
          response: { 200: z.array(alertViewSchema) },
        },
      },
      async (req) =>
        (await store.alerts.list({ ...req.query, patients: [req.params.code] })).map(toAlertView),
    );

    for (const action of ['ack', 'clear'] as const) {
      app.post(
        `/api/patients/:code/alerts/:id/${action}`,
        {
          config: { access: access.patientWrite() },
          schema: {
            params: alertParamsSchema,
            body: alertActionSchema.nullish(),
            response: { 200: alertViewSchema, 404: apiErrorSchema },
          },
        },
        async (req, reply) => {
          const actor = callerOf(req).username;
          const { code, id } = req.params;
          const done =
            action === 'ack'
              ? await alerts.acknowledge(code, id, actor)
              : await alerts.clear(code, id, actor);
          await audit.record({
            actor,
            action: action === 'ack' ? AuditAction.AlertAck : AuditAction.AlertClear,
            patient: code,
            unit: done?.unit ?? null,
            detail: { alert_id: id, kind: done?.kind ?? null, note: req.body?.note ?? null },
            outcome: done ? 'ok' : 'failed',
          });
          if (!done)
            return reply.status(404).send({ code: ControllerErrorCode.NotFound, message: `no alert ${id}` });
          return done;
        },
      );
    }

    app.get(
      '/api/patients/:code/alert-settings',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: alertSettingsSchema } },
      },
      async (req) => alerts.settings(req.params.code),
    );

    app.put(
      '/api/patients/:code/alert-settings',
      {
        config: { access: access.patientWrite() },
        schema: {
          params: patientParamsSchema,
          body: alertSettingsSchema,
          response: { 200: alertSettingsSchema },
        },
      },
      async (req) => {
        const actor = callerOf(req).username;
        await store.alerts.setSettings(req.params.code, JSON.stringify(req.body), clock.now(), actor);
        await audit.record({
          actor,
          action: AuditAction.AlertSettings,
          patient: req.params.code,
          detail: req.body,
          outcome: 'ok',
        });
        return req.body;
      },
    );
  };
}
