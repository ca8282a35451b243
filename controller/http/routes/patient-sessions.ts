import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema, sessionViewSchema } from '../../../shared/api.js';
import {
  patientParamsSchema,
  patientSessionDetailSchema,
  patientSessionParamsSchema,
  sessionPointsQuerySchema,
} from '../../../shared/api-people.js';
import { access } from '../../auth/policy.js';
import { ControllerErrorCode } from '../../errors.js';
import { downsample } from '../../patients/downsample.js';
import { reportOf, samplesOf, sessionOfPatient, sessionsOfPatient } from '../../patients/patient-sessions.js';
import type { ControllerStore } from '../../store/repos.js';
import { toSessionView } from '../views.js';
import { toCommandView } from './control.js';

/** A patient's nights: the list, and one night's report with its samples. */
export function patientSessionRoutes(store: ControllerStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/patients/:code/sessions',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: { 200: z.array(sessionViewSchema) },
        },
      },
      async (req) => (await sessionsOfPatient(store, req.params.code, req.query.limit)).map(toSessionView),
    );

    app.get(
      '/api/patients/:code/sessions/:session_id',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientSessionParamsSchema,
          querystring: sessionPointsQuerySchema,
          response: { 200: patientSessionDetailSchema, 404: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const row = await sessionOfPatient(store, req.params.code, req.params.session_id);
        if (!row)
          return reply
            .status(404)
            .send({ code: ControllerErrorCode.NotFound, message: `no session ${req.params.session_id}` });
        return {
          session: toSessionView(row),
          report: await reportOf(store, row),
          samples: downsample(await samplesOf(store, row), req.query.points),
          events: (await store.sessions.events(row.unit, row.session_id)).map((e) => ({
            epoch: e.epoch,
            seq: e.seq,
            ts: e.ts,
            type: e.type,
            payload: JSON.parse(e.payload_json) as Record<string, unknown>,
          })),
          commands: (await store.control.commands(row.unit, 500))
            .filter((c) => {
              const from = row.started_at ?? row.ended_at ?? 0;
              return c.issued_at >= from && (row.ended_at === null || c.issued_at <= row.ended_at);
            })
            .reverse()
            .map(toCommandView),
        };
      },
    );
  };
}
