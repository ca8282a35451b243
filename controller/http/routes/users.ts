import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import {
  type UserView,
  userCreateSchema,
  userIssuedSchema,
  usernameParamsSchema,
  userUpdateSchema,
  userViewSchema,
} from '../../../shared/api-people.js';
import type { Clock } from '../../../shared/clock.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import { createUser, resetPassword } from '../../auth/users.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import type { ControllerStore } from '../../store/repos.js';
import type { UserRow } from '../../store/users-repo.js';
import { callerOf } from '../plugins/access.js';

const toUserView = (u: UserRow): UserView => ({
  username: u.username,
  role: u.role,
  disabled: u.disabled === 1,
  created_at: u.created_at,
});

/** Accounts (admins only): create, list, change role, disable, reset a password. */
export function userRoutes(store: ControllerStore, audit: AuditLog, clock: Clock): FastifyPluginAsyncZod {
  return async (app) => {
    const notFound = (username: string) => ({
      code: ControllerErrorCode.NotFound,
      message: `no user ${username}`,
    });

    app.get(
      '/api/users',
      { config: { access: access.admin }, schema: { response: { 200: z.array(userViewSchema) } } },
      async () => (await store.users.list()).map(toUserView),
    );

    app.post(
      '/api/users',
      {
        config: { access: access.admin },
        schema: { body: userCreateSchema, response: { 201: userIssuedSchema, 409: apiErrorSchema } },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const issued = await createUser(store, clock, req.body.username, req.body.role);
        await audit.record({
          actor,
          action: AuditAction.UserCreate,
          detail: { username: req.body.username, role: req.body.role },
          outcome: issued ? 'ok' : 'failed',
        });
        if (!issued)
          return reply
            .status(409)
            .send({ code: AuthErrorCode.UsernameTaken, message: `username ${req.body.username} is taken` });
        return reply.status(201).send(issued);
      },
    );

    app.patch(
      '/api/users/:username',
      {
        config: { access: access.admin },
        schema: {
          params: usernameParamsSchema,
          body: userUpdateSchema,
          response: { 200: userViewSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const actor = callerOf(req).username;
        const { username } = req.params;
        if (
          username === actor &&
          (req.body.disabled === true || (req.body.role && req.body.role !== 'admin'))
        )
          return reply
            .status(409)
            .send({ code: AuthErrorCode.Conflict, message: 'an admin cannot disable or demote themselves' });
        if (!(await store.users.get(username))) return reply.status(404).send(notFound(username));
        if (req.body.role) await store.users.setRole(username, req.body.role);
        if (req.body.disabled !== undefined) {
          await store.users.setDisabled(username, req.body.disabled);
          // A disabled person's sessions end now, not at their next expiry.
          if (req.body.disabled) await store.logins.deleteForUser(username);
        }
        await audit.record({
          actor,
          action: AuditAction.UserUpdate,
          detail: { username, ...req.body },
          outcome: 'ok',
        });
        const user = await store.users.get(username);
        return user ? toUserView(user) : reply.status(404).send(notFound(username));
      },
    );

    app.post(
      '/api/users/:username/password',
      {
        config: { access: access.admin },
        schema: { params: usernameParamsSchema, response: { 200: userIssuedSchema, 404: apiErrorSchema } },
      },
      async (req, reply) => {
        const { username } = req.params;
        const issued = await resetPassword(store, clock, username);
        await audit.record({
          actor: callerOf(req).username,
          action: AuditAction.UserPasswordReset,
          detail: { username },
          outcome: issued ? 'ok' : 'failed',
        });
        return issued ?? reply.status(404).send(notFound(username));
      },
    );
  };
}
