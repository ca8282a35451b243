import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiErrorSchema } from '../../../shared/api.js';
import { loginRequestSchema, meSchema, passwordChangeSchema } from '../../../shared/api-people.js';
import { AuditAction, type AuditLog } from '../../audit/audit-log.js';
import { access } from '../../auth/policy.js';
import type { Caller, LoginSessions } from '../../auth/sessions.js';
import { AuthErrorCode, ControllerErrorCode } from '../../errors.js';
import { callerOf, SESSION_COOKIE } from '../plugins/access.js';

const me = (c: Caller) => ({ username: c.username, role: c.role, csrf_token: c.csrf_token });

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Sign in, sign out, who am I, change my password. */
export function authRoutes(sessions: LoginSessions, audit: AuditLog): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/api/login',
      {
        config: { access: access.public },
        bodyLimit: 4096,
        schema: {
          body: loginRequestSchema,
          response: { 200: meSchema, 401: apiErrorSchema, 429: apiErrorSchema },
        },
      },
      async (req, reply) => {
        const { username, password } = req.body;
        const result = await sessions.login(username, password, req.ip);
        if (!result.ok) {
          await audit.record({
            actor: username,
            action: AuditAction.Login,
            detail: { address: req.ip },
            outcome: result.reason,
          });
          if (result.reason === 'rate_limited') {
            return reply
              .status(429)
              .header('retry-after', String(Math.ceil(sessions.limits.failureWindowMs / 1000)))
              .send({
                code: AuthErrorCode.LoginRateLimited,
                message: 'too many failed logins; try again later',
              });
          }
          return reply
            .status(401)
            .send({ code: AuthErrorCode.LoginFailed, message: 'wrong username or password' });
        }
        await audit.record({
          actor: result.caller.username,
          action: AuditAction.Login,
          detail: { address: req.ip },
          outcome: 'ok',
        });
        setSessionCookie(req, reply, result.token, sessions.limits.absoluteMs);
        return me(result.caller);
      },
    );

    app.post(
      '/api/logout',
      { config: { access: access.signedIn }, schema: { response: { 204: z.null() } } },
      async (req, reply) => {
        const caller = callerOf(req);
        await sessions.logout(caller);
        await audit.record({ actor: caller.username, action: AuditAction.Logout, outcome: 'ok' });
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/me',
      { config: { access: access.signedIn }, schema: { response: { 200: meSchema } } },
      async (req) => me(callerOf(req)),
    );

    app.post(
      '/api/me/password',
      {
        config: { access: access.signedIn },
        bodyLimit: 4096,
        schema: { body: passwordChangeSchema, response: { 204: z.null(), 400: apiErrorSchema } },
      },
      async (req, reply) => {
        const caller = callerOf(req);
        const ok = await sessions.changePassword(caller, req.body.current_password, req.body.new_password);
        await audit.record({
          actor: caller.username,
          action: AuditAction.PasswordChange,
          outcome: ok ? 'ok' : 'failed',
        });
        if (!ok)
          return reply
            .status(400)
            .send({ code: ControllerErrorCode.BadRequest, message: 'the current password is wrong' });
        return reply.status(204).send(null);
      },
    );
  };
}
