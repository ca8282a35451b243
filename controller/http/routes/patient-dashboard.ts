import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  commandHistoryEntrySchema,
  commandHistoryQuerySchema,
  nightsQuerySchema,
  nightsViewSchema,
  noteCreateSchema,
  notesQuerySchema,
  noteViewSchema,
  overviewEntrySchema,
  patientSummarySchema,
  unitHealthSchema,
} from '../../../shared/api-dashboard.js';
import { patientParamsSchema } from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import type { AlertService } from '../../alerts/service.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access, patientScope } from '../../auth/policy.js';
import { patientSummary } from '../../export/summary.js';
import {
  commandHistory,
  nightsOfPatient,
  overviewOf,
  toNoteView,
  unitHealth,
} from '../../patients/dashboard.js';
import type { PatientRecord } from '../../store/patients-repo.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/** The patient page's data: nights, notes, command history, the unit's health, the print summary. */
export function patientDashboardRoutes(
  store: ControllerStore,
  _alerts: AlertService,
  audit: AuditLog,
  clock: Clock,
): FastifyPluginAsyncZod {
  return async (app) => {
    /** The policy has let the request through, so the patient exists. */
    const patientOf = async (code: string): Promise<PatientRecord> => {
      const p = await store.patients.get(code);
      if (!p) throw new Error(`patient ${code} vanished`);
      return p;
    };

    app.get(
      '/api/overview',
      { config: { access: access.signedIn }, schema: { response: { 200: z.array(overviewEntrySchema) } } },
      async (req) => overviewOf(store, await store.patients.list(patientScope(callerOf(req))), clock.now()),
    );

    app.get(
      '/api/patients/:code/nights',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: nightsQuerySchema,
          response: { 200: nightsViewSchema },
        },
      },
      async (req) =>
        nightsOfPatient(store, await patientOf(req.params.code), clock.now(), req.query.days, req.query.to),
    );

    app.get(
      '/api/patients/:code/notes',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: notesQuerySchema,
          response: { 200: z.array(noteViewSchema) },
        },
      },
      async (req) => (await store.notes.list(req.params.code, req.query)).map(toNoteView),
    );

    app.post(
      '/api/patients/:code/notes',
      {
        config: { access: access.patientWrite() },
        schema: { params: patientParamsSchema, body: noteCreateSchema, response: { 201: noteViewSchema } },
      },
      async (req, reply) => {
        const author = callerOf(req).username;
        const row = await store.notes.add({
          patient: req.params.code,
          author,
          at: clock.now(),
          text: req.body.text,
          session_id: req.body.session_id,
        });
        await audit.record({
          actor: author,
          action: AuditAction.NoteAdd,
          patient: req.params.code,
          detail: { note_id: row.id, session_id: row.session_id, length: row.text.length },
          outcome: 'ok',
        });
        return reply.status(201).send(toNoteView(row));
      },
    );

    app.get(
      '/api/patients/:code/commands',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: commandHistoryQuerySchema,
          response: { 200: z.array(commandHistoryEntrySchema) },
        },
      },
      async (req) => commandHistory(store, req.params.code, clock, req.query.limit),
    );

    app.get(
      '/api/patients/:code/unit',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: unitHealthSchema } },
      },
      async (req) => unitHealth(store, await patientOf(req.params.code)),
    );

    app.get(
      '/api/patients/:code/summary',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: patientSummarySchema } },
      },
      async (req) => patientSummary(store, await patientOf(req.params.code), clock.now()),
    );
  };
}
