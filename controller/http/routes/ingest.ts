import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ingestStatsSchema } from '../../../shared/api.js';
import { access } from '../../auth/policy.js';
import type { Ingest } from '../../ingest/ingest.js';
import type { ControllerStore } from '../../store/repos.js';

/** What ingest accepted and rejected (per unit and reason), for operators. */
export function ingestRoutes(store: ControllerStore, ingest: Ingest): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/ingest',
      { config: { access: access.admin }, schema: { response: { 200: ingestStatsSchema } } },
      async () => ({
        ...ingest.stats(),
        rejects: await store.rejects.list(),
        gaps: await store.gaps.list(),
      }),
    );
  };
}
