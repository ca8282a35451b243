import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  apiErrorSchema,
  type CommandView,
  commandRequestSchema,
  commandViewSchema,
  type ScheduleView,
  scheduleViewSchema,
} from '../../../shared/api.js';
import { cmdIdSchema, commandArgs, isCommandName } from '../../../shared/schemas/command.js';
import { unitIdSchema } from '../../../shared/schemas/common.js';
import { infoSchema } from '../../../shared/schemas/info.js';
import { scheduleBodySchema, scheduleSchema } from '../../../shared/schemas/schedule.js';
import { stateSchema } from '../../../shared/schemas/state.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import type { ControlPublisher } from '../../control/publisher.js';
import { changeSchedule } from '../../control/schedule-change.js';
import { scheduleStatus, storedReasons } from '../../control/schedule-status.js';
import { ControllerErrorCode } from '../../errors.js';
import type { CommandRow, UnitScheduleRow } from '../../store/control-repo.js';
import type { ControllerStore } from '../../store/repos.js';
import type { UnitRow } from '../../store/units-repo.js';
import { callerOf } from '../plugins/access.js';

const unitParams = z.object({ id: unitIdSchema });

export function toCommandView(row: CommandRow): CommandView {
  return {
    ...row,
    args: JSON.parse(row.args_json) as Record<string, unknown>,
    status: row.status as CommandView['status'],
  };
}

/** What the controller wants a unit to run, what the unit answered, and where that leaves it. */
export function scheduleView(
  unit: string,
  row: UnitScheduleRow | undefined,
  unitRow: UnitRow | undefined,
): ScheduleView {
  const desired = row?.schedule_json ? scheduleSchema.safeParse(JSON.parse(row.schedule_json)) : undefined;
  const info = unitRow?.info_json ? infoSchema.safeParse(JSON.parse(unitRow.info_json)) : undefined;
  const state = unitRow?.state_json ? stateSchema.safeParse(JSON.parse(unitRow.state_json)) : undefined;
  return {
    unit,
    desired: desired?.success ? desired.data : null,
    applied: {
      status: (row?.applied_status as 'applied' | 'rejected' | null | undefined) ?? null,
      version: row?.applied_version ?? null,
      reason: row?.applied_reason ?? null,
      reasons: storedReasons(row),
      answered_version: row?.answered_version ?? null,
      at: row?.applied_at ?? null,
      next_session_at: row?.next_session_at ?? null,
    },
    status: scheduleStatus(
      row,
      unitRow ? { online: unitRow.online === 1, status_changed_at: unitRow.status_changed_at } : null,
    ),
    volume_cap_dba: info?.success ? info.data.calibration.volume_cap_dba : null,
    hold: (unitRow?.online === 1 && state?.success ? state.data.schedule_hold : null) ?? null,
    next_session_at: state?.success ? state.data.next_session_at : null,
  };
}

/** Commands to a unit and its desired schedule, by unit id (admins; caregivers go through patients). */
export function controlRoutes(
  store: ControllerStore,
  publisher: ControlPublisher,
  audit: AuditLog,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/units/:id/commands/:name',
      {
        config: { access: access.admin },
        schema: {
          params: unitParams.extend({ name: z.string().max(32) }),
          body: commandRequestSchema,
          response: { 202: commandViewSchema, 400: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const { id, name } = req.params;
        const bad = (message: string) =>
          reply.status(400).send({ code: ControllerErrorCode.BadRequest, message });
        if (!isCommandName(name))
          return bad(`unknown command "${name}"; known: ${Object.keys(commandArgs).join(', ')}`);
        const args = commandArgs[name].safeParse(req.body.args);
        if (!args.success)
          return bad(args.error.issues.map((i) => `args.${i.path.join('.')}: ${i.message}`).join('; '));
        const row = await publisher.sendCommand(id, name, args.data, req.body.ttl_s * 1000);
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.Command,
          patient: (await store.patients.currentPatientOf(id)) ?? null,
          unit: id,
          detail: { cmd_id: row.cmd_id, name, args: args.data, ttl_s: req.body.ttl_s },
          outcome: 'sent',
        });
        return reply.status(202).send(toCommandView(row));
      },
    );

    app.get(
      '/api/units/:id/commands',
      {
        config: { access: access.admin },
        schema: { params: unitParams, response: { 200: z.array(commandViewSchema) } },
      },
      async (req) => (await store.control.commands(req.params.id)).map(toCommandView),
    );

    app.get(
      '/api/units/:id/commands/:cmd_id',
      {
        config: { access: access.admin },
        schema: {
          params: unitParams.extend({ cmd_id: cmdIdSchema }),
          response: { 200: commandViewSchema, 404: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const row = await store.control.command(req.params.id, req.params.cmd_id);
        return row
          ? toCommandView(row)
          : reply
              .status(404)
              .send({ code: ControllerErrorCode.NotFound, message: `no command ${req.params.cmd_id}` });
      },
    );

    app.put(
      '/api/units/:id/schedule',
      {
        config: { access: access.admin },
        schema: { params: unitParams, body: scheduleBodySchema, response: { 202: scheduleSchema } },
      },
      async (req, reply) => {
        const schedule = await changeSchedule(store, publisher, audit, {
          actor: callerOf(req).username,
          patient: (await store.patients.currentPatientOf(req.params.id)) ?? null,
          unit: req.params.id,
          body: req.body,
        });
        return reply.status(202).send(schedule);
      },
    );

    app.get(
      '/api/units/:id/schedule',
      {
        config: { access: access.admin },
        schema: { params: unitParams, response: { 200: scheduleViewSchema } },
      },
      async (req) =>
        scheduleView(
          req.params.id,
          await store.control.schedule(req.params.id),
          await store.units.get(req.params.id),
        ),
    );
  };
}
