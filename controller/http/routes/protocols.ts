import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import {
  protocolCreateSchema,
  protocolImportResultSchema,
  protocolListSchema,
  protocolParamsSchema,
  protocolViewSchema,
} from '../../../shared/api-protocols.js';
import { NocturneError } from '../../../shared/errors.js';
import { exportProtocol, readProtocolFile } from '../../../shared/schemas/protocol.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import { type ProtocolLibrary, protocolFile } from '../../protocols/library.js';
import { callerOf } from '../plugins/access.js';
import { issueLines } from './issue-lines.js';

const errors = { 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };

/**
 * The protocol library: listed and exported for everyone signed in; new versions and imports by
 * caregivers and admins, audited. There is no PUT or PATCH: a version is never edited in place.
 */
export function protocolRoutes(library: ProtocolLibrary, audit: AuditLog): FastifyPluginAsyncZod {
  return async (app) => {
    const viewOf = async (name: string, version: number) => {
      const view = (await library.views()).find((p) => p.name === name && p.version === version);
      if (!view) throw new Error(`protocol ${name} v${version} vanished`);
      return view;
    };

    app.get(
      '/api/protocols',
      { config: { access: access.signedIn }, schema: { response: { 200: protocolListSchema } } },
      async () => ({ protocols: await library.views() }),
    );

    app.get(
      '/api/protocols/:name/:version/file',
      {
        config: { access: access.signedIn },
        schema: { params: protocolParamsSchema, response: { 200: z.string(), 404: apiErrorSchema } },
      },
      async (req, reply) => {
        const { name, version } = req.params;
        const protocol = await library.find(req.params);
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.ProtocolExport,
          detail: { name, version },
          outcome: protocol ? 'ok' : 'failed',
        });
        if (!protocol)
          return reply
            .status(404)
            .send({ code: ControllerErrorCode.NotFound, message: `no protocol ${name} v${version}` });
        return reply
          .header('content-type', 'application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}-v${version}.protocol.json"`)
          .send(exportProtocol(protocolFile(protocol)));
      },
    );

    app.post(
      '/api/protocols',
      {
        config: { access: access.staff },
        schemaErrorFormatter: issueLines,
        schema: { body: protocolCreateSchema, response: { 201: protocolViewSchema, ...errors } },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const created = await library.create(req.body, actor);
        await audit.record({
          actor,
          action: AuditAction.ProtocolCreate,
          detail: { name: created.name, version: created.version, params: created.params },
          outcome: 'ok',
        });
        return reply.status(201).send(await viewOf(created.name, created.version));
      },
    );

    app.post(
      '/api/protocols/import',
      {
        config: { access: access.staff },
        schema: {
          body: z.unknown(),
          response: { 200: protocolImportResultSchema, 201: protocolImportResultSchema, ...errors },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const fail = async (status: 400 | 409, code: string, message: string, detail: object = {}) => {
          await audit.record({
            actor,
            action: AuditAction.ProtocolImport,
            detail: { ...detail, error: message },
            outcome: 'failed',
          });
          return reply.status(status).send({ code, message });
        };
        let protocol: ReturnType<typeof readProtocolFile>;
        try {
          protocol = readProtocolFile(req.body);
        } catch (err) {
          if (!(err instanceof NocturneError)) throw err;
          return fail(400, err.code, err.message);
        }
        const { name, version } = protocol;
        const outcome = await library.import(protocol, actor);
        if (outcome === 'conflict')
          return fail(
            409,
            AuthErrorCode.Conflict,
            `protocol ${name} v${version} exists with other parameters; a version is never changed: import it under a new name or version`,
            { name, version },
          );
        await audit.record({
          actor,
          action: AuditAction.ProtocolImport,
          detail: { name, version, outcome },
          outcome: 'ok',
        });
        return reply
          .status(outcome === 'inserted' ? 201 : 200)
          .send({ protocol: await viewOf(name, version), outcome });
      },
    );
  };
}
