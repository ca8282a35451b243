import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportQuerySchema, exportRowSchema, patientParamsSchema } from '../../../shared/api-people.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import { exportRows, toCsv } from '../../patients/patient-sessions.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/** A patient's stored samples as CSV or JSON; the policy decides whose, the audit log records it. */
export function exportRoutes(store: ControllerStore, audit: AuditLog): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/patients/:code/export',
      {
        config: { access: access.patientExport() },
        schema: {
          params: patientParamsSchema,
          querystring: exportQuerySchema,
          response: { 200: z.union([z.array(exportRowSchema), z.string()]) },
        },
      },
      async (req, reply) => {
        const { code } = req.params;
        const { format, from, to } = req.query;
        const rows = await exportRows(store, code, from, to);
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.Export,
          patient: code,
          detail: { format, from: from ?? null, to: to ?? null, rows: rows.length },
          outcome: 'ok',
        });
        reply.header('cache-control', 'no-store');
        if (format === 'json') return rows;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="nocturne-${code}.csv"`)
          .send(toCsv(rows));
      },
    );
  };
}
