import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiErrorSchema,
  sessionDetailSchema,
  sessionViewSchema,
  unitViewSchema,
} from '../../../shared/api.js';
import { sessionIdSchema, unitIdSchema } from '../../../shared/schemas/common.js';
import { access } from '../../auth/policy.js';
import { ControllerErrorCode } from '../../errors.js';
import type { ControllerStore } from '../../store/repos.js';
import { toSessionView, toUnitView } from '../views.js';

const unitParams = z.object({ id: unitIdSchema });
const notFound = (message: string) => ({ code: ControllerErrorCode.NotFound, message });

/** Units, their sessions, and one session's events. */
export function unitRoutes(store: ControllerStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/units',
      { config: { access: access.admin }, schema: { response: { 200: z.array(unitViewSchema) } } },
      async () => (await store.units.list()).map(toUnitView),
    );

    app.get(
      '/api/units/:id',
      {
        config: { access: access.admin },
        schema: { params: unitParams, response: { 200: unitViewSchema, 404: apiErrorSchema } },
      },
      async (req, reply) => {
        const row = await store.units.get(req.params.id);
        return row ? toUnitView(row) : reply.status(404).send(notFound(`no unit ${req.params.id}`));
      },
    );

    app.get(
      '/api/units/:id/sessions',
      {
        config: { access: access.admin },
        schema: {
          params: unitParams,
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
          response: { 200: z.array(sessionViewSchema) },
        },
      },
      async (req) => (await store.sessions.listForUnit(req.params.id, req.query.limit)).map(toSessionView),
    );

    app.get(
      '/api/units/:id/sessions/:session_id',
      {
        config: { access: access.admin },
        schema: {
          params: unitParams.extend({ session_id: sessionIdSchema }),
          response: { 200: sessionDetailSchema, 404: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const { id, session_id } = req.params;
        const row = await store.sessions.get(id, session_id);
        if (!row) return reply.status(404).send(notFound(`no session ${session_id} of unit ${id}`));
        const events = await store.sessions.events(id, session_id);
        return {
          ...toSessionView(row),
          events: events.map((e) => ({
            epoch: e.epoch,
            seq: e.seq,
            ts: e.ts,
            type: e.type,
            payload: JSON.parse(e.payload_json) as Record<string, unknown>,
          })),
        };
      },
    );
  };
}
