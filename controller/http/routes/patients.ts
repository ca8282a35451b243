import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import { patientOverviewSchema } from '../../../shared/api-outcomes.js';
import {
  patientCreateSchema,
  patientDetailSchema,
  patientParamsSchema,
  patientUpdateSchema,
  patientViewSchema,
} from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access, patientScope } from '../../auth/policy.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import { patientReminders } from '../../outcomes/patient-outcomes.js';
import { toPatientView } from '../../patients/views.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';

/** Patients: admins create and change them; everyone sees the patients assigned to them. */
export function patientRoutes(store: ControllerStore, audit: AuditLog, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    const bad = (message: string) => ({ code: ControllerErrorCode.BadRequest, message });

    /** Assigned people must be accounts; a unit serves one patient at a time. */
    async function problem(code: string, unit: string | null | undefined, caregivers: string[] | undefined) {
      for (const username of caregivers ?? []) {
        const user = await store.users.get(username);
        if (!user || user.role === 'admin') return bad(`${username} is not a caregiver or viewer account`);
      }
      if (unit) {
        const holder = await store.patients.currentPatientOf(unit);
        if (holder && holder !== code)
          return { code: AuthErrorCode.Conflict, message: `unit ${unit} is assigned to another patient` };
      }
      return undefined;
    }

    app.post(
      '/api/patients',
      {
        config: { access: access.admin },
        schema: {
          body: patientCreateSchema,
          response: { 201: patientViewSchema, 400: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const { code, unit, caregivers } = req.body;
        const issue = await problem(code, unit, caregivers);
        const created = !issue && (await store.patients.create(req.body, clock.now()));
        await audit.record({
          actor,
          action: AuditAction.PatientCreate,
          patient: code,
          unit,
          detail: { timezone: req.body.timezone, caregivers },
          outcome: created ? 'ok' : 'failed',
        });
        if (issue) return reply.status(issue.code === AuthErrorCode.Conflict ? 409 : 400).send(issue);
        if (!created)
          return reply.status(409).send({ code: AuthErrorCode.Conflict, message: `patient ${code} exists` });
        const record = await store.patients.get(code);
        if (!record) throw new Error('patient vanished');
        return reply.status(201).send(await toPatientView(store, record));
      },
    );

    app.patch(
      '/api/patients/:code',
      {
        config: { access: access.admin },
        schema: {
          params: patientParamsSchema,
          body: patientUpdateSchema,
          response: { 200: patientViewSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const { code } = req.params;
        const before = await store.patients.get(code);
        if (!before)
          return reply
            .status(404)
            .send({ code: ControllerErrorCode.NotFound, message: `no patient ${code}` });
        const { unit, caregivers } = req.body;
        const issue = await problem(code, unit, caregivers);
        if (!issue) {
          if (unit !== undefined && unit !== before.unit)
            await store.patients.assignUnit(code, unit, clock.now());
          if (caregivers) await store.patients.setCaregivers(code, caregivers);
        }
        await audit.record({
          actor,
          action: AuditAction.PatientUpdate,
          patient: code,
          unit: unit === undefined ? before.unit : unit,
          detail: { ...req.body, previous_unit: before.unit, previous_caregivers: before.caregivers },
          outcome: issue ? 'failed' : 'ok',
        });
        if (issue) return reply.status(issue.code === AuthErrorCode.Conflict ? 409 : 400).send(issue);
        const after = await store.patients.get(code);
        if (!after) throw new Error('patient vanished');
        return toPatientView(store, after);
      },
    );

    app.get(
      '/api/patients',
      { config: { access: access.signedIn }, schema: { response: { 200: z.array(patientOverviewSchema) } } },
      async (req) => {
        const records = await store.patients.list(patientScope(callerOf(req)));
        // The overview shows what each patient has due (docs/outcomes.md "Reminders").
        return Promise.all(
          records.map(async (r) => ({
            ...(await toPatientView(store, r)),
            reminders: await patientReminders(store, r, clock),
          })),
        );
      },
    );

    app.get(
      '/api/patients/:code',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: patientDetailSchema, 404: apiErrorSchema } },
      },
      async (req, reply) => {
        const record = await store.patients.get(req.params.code);
        if (!record)
          return reply.status(404).send({ code: ControllerErrorCode.NotFound, message: 'no such patient' });
        const history = await store.patients.unitHistory(record.code);
        return {
          ...(await toPatientView(store, record)),
          unit_history: history.map((h) => ({ unit: h.unit, from_at: h.from_at, to_at: h.to_at })),
        };
      },
    );
  };
}
