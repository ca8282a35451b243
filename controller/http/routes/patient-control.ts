import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  apiErrorSchema,
  commandRequestSchema,
  commandViewSchema,
  scheduleViewSchema,
} from '../../../shared/api.js';
import { patientCommandParamsSchema, patientParamsSchema } from '../../../shared/api-people.js';
import { upcomingQuerySchema, upcomingViewSchema } from '../../../shared/api-schedule.js';
import type { Clock } from '../../../shared/clock.js';
import { commandArgs, isCommandName } from '../../../shared/schemas/command.js';
import { scheduleBodySchema, scheduleSchema } from '../../../shared/schemas/schedule.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import type { ControlPublisher } from '../../control/publisher.js';
import { changeSchedule } from '../../control/schedule-change.js';
import { upcomingSessions } from '../../control/upcoming.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';
import { scheduleView, toCommandView } from './control.js';
import { issueLines } from './issue-lines.js';

/** Commands and the schedule of a patient's unit (each change audited), its status and coming sessions. */
export function patientControlRoutes(
  store: ControllerStore,
  publisher: ControlPublisher,
  audit: AuditLog,
  clock: Clock,
): FastifyPluginAsyncZod {
  return async (app) => {
    const noUnit = (code: string) => ({
      code: AuthErrorCode.Conflict,
      message: `patient ${code} has no unit`,
    });

    app.post(
      '/api/patients/:code/commands/:name',
      {
        config: { access: access.patientWrite() },
        schema: {
          params: patientCommandParamsSchema,
          body: commandRequestSchema,
          response: { 202: commandViewSchema, 400: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const { code, name } = req.params;
        const unit = (await store.patients.get(code))?.unit ?? null;
        const fail = async (status: 400 | 409, body: { code: string; message: string }) => {
          await audit.record({
            actor,
            action: AuditAction.Command,
            patient: code,
            unit,
            detail: { name, error: body.message },
            outcome: 'failed',
          });
          return reply.status(status).send(body);
        };
        if (!isCommandName(name))
          return fail(400, {
            code: ControllerErrorCode.BadRequest,
            message: `unknown command "${name}"; known: ${Object.keys(commandArgs).join(', ')}`,
          });
        const args = commandArgs[name].safeParse(req.body.args);
        if (!args.success)
          return fail(400, {
            code: ControllerErrorCode.BadRequest,
            message: args.error.issues.map((i) => `args.${i.path.join('.')}: ${i.message}`).join('; '),
          });
        if (!unit) return fail(409, noUnit(code));
        const row = await publisher.sendCommand(unit, name, args.data, req.body.ttl_s * 1000);
        await audit.record({
          actor,
          action: AuditAction.Command,
          patient: code,
          unit,
          detail: { cmd_id: row.cmd_id, name, args: args.data, ttl_s: req.body.ttl_s },
          outcome: 'sent',
        });
        return reply.status(202).send(toCommandView(row));
      },
    );

    app.get(
      '/api/patients/:code/schedule',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: scheduleViewSchema, 409: apiErrorSchema } },
      },
      async (req, reply) => {
        const unit = (await store.patients.get(req.params.code))?.unit;
        if (!unit) return reply.status(409).send(noUnit(req.params.code));
        return scheduleView(unit, await store.control.schedule(unit), await store.units.get(unit));
      },
    );

    app.get(
      '/api/patients/:code/schedule/upcoming',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: upcomingQuerySchema,
          response: { 200: upcomingViewSchema, 404: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const patient = await store.patients.get(req.params.code);
        if (!patient)
          return reply.status(404).send({ code: ControllerErrorCode.NotFound, message: 'no patient' });
        const row = patient.unit ? await store.control.schedule(patient.unit) : undefined;
        const desired = row?.schedule_json
          ? scheduleSchema.safeParse(JSON.parse(row.schedule_json))
          : undefined;
        return upcomingSessions(
          desired?.success ? desired.data : null,
          patient.timezone,
          clock.now(),
          req.query.count,
        );
      },
    );

    app.put(
      '/api/patients/:code/schedule',
      {
        config: { access: access.patientWrite() },
        // Each problem as `path: message` (`entries.1.rrule: …`), so the editor marks its field.
        schemaErrorFormatter: issueLines,
        schema: {
          params: patientParamsSchema,
          body: scheduleBodySchema,
          response: { 202: scheduleSchema, 400: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const { code } = req.params;
        const unit = (await store.patients.get(code))?.unit;
        if (!unit) {
          await audit.record({ actor, action: AuditAction.ScheduleChange, patient: code, outcome: 'failed' });
          return reply.status(409).send(noUnit(code));
        }
        const schedule = await changeSchedule(store, publisher, audit, {
          actor,
          patient: code,
          unit,
          body: req.body,
        });
        return reply.status(202).send(schedule);
      },
    );
  };
}
