import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import {
  coTherapyBodySchema,
  coTherapyEndSchema,
  coTherapyEntrySchema,
  coTherapyParamsSchema,
  diaryBodySchema,
  diaryEntrySchema,
  diaryViewSchema,
  programmeBodySchema,
  programmeSchema,
  questionnaireBodySchema,
  questionnaireEntrySchema,
  questionnaireQuerySchema,
} from '../../../shared/api-outcomes.js';
import { patientParamsSchema } from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import type { DiaryScore } from '../../../shared/schemas/outcomes/index.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import { type OutcomeHooks, selfHarmAlert } from '../../outcomes/alerts.js';
import { localDay } from '../../outcomes/local-time.js';
import { OverdueWatch } from '../../outcomes/overdue-watch.js';
import {
  diaryView,
  programmeOf,
  toCoTherapyEntry,
  toDiaryEntry,
  toQuestionnaireEntry,
} from '../../outcomes/patient-outcomes.js';
import { scoreMeasure } from '../../outcomes/score.js';
import type { ControllerStore } from '../../store/repos.js';
import { callerOf } from '../plugins/access.js';
import { badRequest, issueLines } from './issue-lines.js';
import { patientOf } from './patient-of.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const FUTURE_SLACK_MS = 5 * 60_000;

/**
 * Entering outcome measures (docs/outcomes.md "HTTP API"): caregivers and admins write, viewers
 * read; every entry is scored on the way in and audited with its patient.
 */
export function outcomeEntryRoutes(
  store: ControllerStore,
  audit: AuditLog,
  clock: Clock,
  hooks: OutcomeHooks,
): FastifyPluginAsyncZod {
  return async (app) => {
    const overdue = new OverdueWatch(store, clock, hooks, app.log);
    /** An entry (or a new programme) may end an overdue measure: its alert clears now, not at the next hourly check. */
    async function recheckOverdue(code: string) {
      try {
        const patient = await store.patients.get(code);
        if (patient) await overdue.checkPatient(patient);
      } catch (err) {
        app.log.warn({ err, patient: code }, 'overdue outcome check failed');
      }
    }

    app.post(
      '/api/patients/:code/questionnaires',
      {
        config: { access: access.patientWrite() },
        schemaErrorFormatter: issueLines,
        schema: {
          params: patientParamsSchema,
          body: questionnaireBodySchema,
          response: { 201: questionnaireEntrySchema, ...errors },
        },
      },
      async (req, reply) => {
        const { code } = req.params;
        const actor = callerOf(req).username;
        const { measure, answers } = req.body;
        const scored = scoreMeasure(measure, answers);
        if (!scored.ok) return reply.status(400).send(badRequest(scored.error, 'answers'));
        const now = clock.now();
        // A little slack for the entering device's clock; a questionnaire from the future would move its reminders.
        if ((req.body.taken_at ?? now) > now + FUTURE_SLACK_MS)
          return reply
            .status(400)
            .send({ code: ControllerErrorCode.BadRequest, message: 'taken_at: in the future' });
        const row = await store.outcomes.addQuestionnaire({
          patient: code,
          measure,
          answers_json: JSON.stringify(answers),
          scores_json: JSON.stringify(scored.value),
          taken_at: req.body.taken_at ?? now,
          entered_by: actor,
          entered_at: now,
        });
        const entry = toQuestionnaireEntry(row);
        const alert = selfHarmAlert(entry);
        await audit.record({
          actor,
          action: AuditAction.QuestionnaireEntry,
          patient: code,
          detail: {
            id: entry.id,
            measure,
            taken_at: entry.taken_at,
            scores: entry.scores,
            ...(alert ? { alert: alert.kind } : {}),
          },
          outcome: 'ok',
        });
        await recheckOverdue(code);
        if (alert) {
          // The entry is stored whatever happens here: a failing alert must not invite a second entry.
          try {
            await hooks.onSelfHarm(alert);
          } catch (err) {
            req.log.error({ err, alert }, 'the PHQ-9 self-harm alert could not be raised');
          }
        }
        return reply.status(201).send(entry);
      },
    );

    app.get(
      '/api/patients/:code/questionnaires',
      {
        config: { access: access.patientRead() },
        schema: {
          params: patientParamsSchema,
          querystring: questionnaireQuerySchema,
          response: { 200: z.array(questionnaireEntrySchema) },
        },
      },
      async (req) =>
        (await store.outcomes.questionnaires(req.params.code, { measure: req.query.measure })).map(
          toQuestionnaireEntry,
        ),
    );

    app.post(
      '/api/patients/:code/diary',
      {
        config: { access: access.patientWrite() },
        schemaErrorFormatter: issueLines,
        schema: {
          params: patientParamsSchema,
          body: diaryBodySchema,
          response: { 201: diaryEntrySchema, ...errors },
        },
      },
      async (req, reply) => {
        const patient = await patientOf(store, req.params.code);
        const actor = callerOf(req).username;
        // Scored in the patient's zone: a night across a clock change has its real length.
        const scored = scoreMeasure('diary', { timezone: patient.timezone, ...req.body });
        if (!scored.ok) return reply.status(400).send(badRequest(scored.error));
        const night = (scored.value as DiaryScore).nights[0];
        if (!night) throw new Error('a scored night vanished');
        const now = clock.now();
        // Entered the morning after: tonight's (or a later) night has not happened yet.
        if (night.date >= localDay(now, patient.timezone))
          return reply.status(400).send({
            code: ControllerErrorCode.BadRequest,
            message: `date: the night of ${night.date} has not ended yet`,
          });
        const stored = await store.outcomes.addDiaryNight({
          patient: patient.code,
          date: night.date,
          answers_json: JSON.stringify(req.body),
          scores_json: JSON.stringify(night),
          entered_by: actor,
          entered_at: now,
        });
        await audit.record({
          actor,
          action: AuditAction.DiaryEntry,
          patient: patient.code,
          detail: { date: night.date, scores: night },
          outcome: stored ? 'ok' : 'failed',
        });
        if (!stored)
          return reply
            .status(409)
            .send({ code: AuthErrorCode.Conflict, message: `the night of ${night.date} is already entered` });
        await recheckOverdue(patient.code);
        const row = (await store.outcomes.diaryNights(patient.code, { from: night.date, to: night.date }))[0];
        if (!row) throw new Error('a stored night vanished');
        return reply.status(201).send(toDiaryEntry(row));
      },
    );

    app.get(
      '/api/patients/:code/diary',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: diaryViewSchema } },
      },
      async (req) => diaryView(store, await patientOf(store, req.params.code)),
    );

    app.post(
      '/api/patients/:code/co-therapies',
      {
        config: { access: access.patientWrite() },
        schemaErrorFormatter: issueLines,
        schema: {
          params: patientParamsSchema,
          body: coTherapyBodySchema,
          response: { 201: coTherapyEntrySchema, ...errors },
        },
      },
      async (req, reply) => {
        const { code } = req.params;
        const actor = callerOf(req).username;
        const t = req.body;
        const row = await store.outcomes.addCoTherapy({
          patient: code,
          what: t.what,
          kind: t.kind,
          dose: t.dose ?? null,
          from_day: t.from,
          to_day: t.to ?? null,
          entered_by: actor,
          entered_at: clock.now(),
        });
        const entry = toCoTherapyEntry(row);
        await audit.record({
          actor,
          action: AuditAction.CoTherapyCreate,
          patient: code,
          detail: {
            id: entry.id,
            what: entry.what,
            kind: entry.kind,
            dose: entry.dose,
            from: entry.from,
            to: entry.to,
          },
          outcome: 'ok',
        });
        return reply.status(201).send(entry);
      },
    );

    app.get(
      '/api/patients/:code/co-therapies',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: z.array(coTherapyEntrySchema) } },
      },
      async (req) => (await store.outcomes.coTherapies(req.params.code)).map(toCoTherapyEntry),
    );

    app.patch(
      '/api/patients/:code/co-therapies/:id',
      {
        config: { access: access.patientWrite() },
        schemaErrorFormatter: issueLines,
        schema: {
          params: coTherapyParamsSchema,
          body: coTherapyEndSchema,
          response: { 200: coTherapyEntrySchema, ...errors },
        },
      },
      async (req, reply) => {
        const { code, id } = req.params;
        const actor = callerOf(req).username;
        const before = await store.outcomes.coTherapy(code, id);
        if (!before)
          return reply
            .status(404)
            .send({ code: ControllerErrorCode.NotFound, message: `no co-therapy ${id}` });
        const { to } = req.body;
        const problem =
          to !== null && to < before.from_day
            ? `to: ends (${to}) before it starts (${before.from_day})`
            : undefined;
        if (!problem) await store.outcomes.endCoTherapy(code, id, to);
        await audit.record({
          actor,
          action: AuditAction.CoTherapyEnd,
          patient: code,
          detail: { id, what: before.what, to, previous_to: before.to_day },
          outcome: problem ? 'failed' : 'ok',
        });
        if (problem)
          return reply.status(400).send({ code: ControllerErrorCode.BadRequest, message: problem });
        const after = await store.outcomes.coTherapy(code, id);
        if (!after) throw new Error('a co-therapy vanished');
        return toCoTherapyEntry(after);
      },
    );

    app.get(
      '/api/patients/:code/programme',
      {
        config: { access: access.patientRead() },
        schema: { params: patientParamsSchema, response: { 200: programmeSchema } },
      },
      async (req) => programmeOf(await patientOf(store, req.params.code)),
    );

    app.put(
      '/api/patients/:code/programme',
      {
        config: { access: access.patientWrite() },
        schemaErrorFormatter: issueLines,
        schema: {
          params: patientParamsSchema,
          body: programmeBodySchema,
          response: { 200: programmeSchema, ...errors },
        },
      },
      async (req) => {
        const before = await patientOf(store, req.params.code);
        const { start, end } = req.body;
        await store.outcomes.setProgramme(before.code, start, end ?? null);
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.ProgrammeSet,
          patient: before.code,
          detail: { start, end: end ?? null, previous: programmeOf(before) },
          outcome: 'ok',
        });
        // A new start or an end changes what is due.
        await recheckOverdue(before.code);
        return programmeOf(await patientOf(store, before.code));
      },
    );
  };
}
