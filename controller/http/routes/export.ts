import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  coTherapyExportRowSchema,
  diaryExportRowSchema,
  exportSectionSchema,
  questionnaireExportRowSchema,
} from '../../../shared/api-outcomes.js';
import { exportQuerySchema, exportRowSchema, patientParamsSchema } from '../../../shared/api-people.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import {
  CO_THERAPY_COLUMNS,
  coTherapyExportRows,
  csvOf,
  DIARY_COLUMNS,
  diaryExportRows,
  QUESTIONNAIRE_COLUMNS,
  questionnaireExportRows,
} from '../../outcomes/export.js';
import { exportRows, toCsv } from '../../patients/patient-sessions.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/**
 * A patient's stored samples (the default section) or one outcome section, as CSV or JSON; the
 * policy decides whose, the audit log records it.
 */
export function exportRoutes(store: ControllerStore, audit: AuditLog): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/patients/:code/export',
      {
        config: { access: access.patientExport() },
        schema: {
          params: patientParamsSchema,
          querystring: exportQuerySchema.extend({ section: exportSectionSchema.default('samples') }),
          response: {
            200: z.union([
              z.array(exportRowSchema),
              z.array(questionnaireExportRowSchema),
              z.array(diaryExportRowSchema),
              z.array(coTherapyExportRowSchema),
              z.string(),
            ]),
          },
        },
      },
      async (req, reply) => {
        const { code } = req.params;
        const { format, from, to, section } = req.query;
        const range = { from, to };
        const zone = (await store.patients.get(code))?.timezone ?? 'UTC';
        const { rows, csv } = await (async () => {
          switch (section) {
            case 'samples': {
              const rows = await exportRows(store, code, from, to);
              return { rows, csv: () => toCsv(rows) };
            }
            case 'questionnaires': {
              const rows = await questionnaireExportRows(store, code, range);
              return { rows, csv: () => csvOf(QUESTIONNAIRE_COLUMNS, rows) };
            }
            case 'diary': {
              const rows = await diaryExportRows(store, code, zone, range);
              return { rows, csv: () => csvOf(DIARY_COLUMNS, rows) };
            }
            case 'co_therapies': {
              const rows = await coTherapyExportRows(store, code, zone, range);
              return { rows, csv: () => csvOf(CO_THERAPY_COLUMNS, rows) };
            }
          }
        })();
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.Export,
          patient: code,
          detail: {
            format,
            from: from ?? null,
            to: to ?? null,
            rows: rows.length,
            ...(section === 'samples' ? {} : { section }),
          },
          outcome: 'ok',
        });
        reply.header('cache-control', 'no-store');
        if (format === 'json') return rows;
        const name = section === 'samples' ? `nocturne-${code}.csv` : `nocturne-${code}-${section}.csv`;
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}"`)
          .send(csv());
      },
    );
  };
}
