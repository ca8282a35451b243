import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditEntrySchema, auditQuerySchema } from '../../../shared/api-people.js';
import { toAuditEntry } from '../../audit/audit-log.js';
import { access, visiblePatients } from '../../auth/policy.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/** The audit log, read-only: admins see every entry, caregivers those about their patients. */
export function auditRoutes(store: ControllerStore): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/audit',
      {
        config: { access: access.staff },
        schema: { querystring: auditQuerySchema, response: { 200: z.array(auditEntrySchema) } },
      },
      async (req) => {
        const patients = await visiblePatients(store, callerOf(req));
        return (await store.audit.list({ ...req.query, patients })).map(toAuditEntry);
      },
    );
  };
}
