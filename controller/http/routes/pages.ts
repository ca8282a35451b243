import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../../auth/policy.js';

/** Stable page URLs a caregiver can bookmark; each serves the app shell, which holds no data. */
const PAGES = [
  '/',
  '/login',
  '/protocols',
  '/patients/:code',
  '/patients/:code/summary',
  '/patients/:code/sessions/:session_id',
];
/** The built files the shell loads (scripts/build-web.mjs). */
const ASSETS = ['app.js', 'app.js.map', 'style.css'];

export function pageRoutes(webRoot: string): FastifyPluginAsync {
  return async (app) => {
    await app.register(fastifyStatic, { root: webRoot, serve: false });
    for (const url of PAGES) {
      app.get(url, { config: { access: access.public } }, (_req, reply) =>
        // Never cached: after logout, the back button must fetch it again (and find no session).
        reply.header('cache-control', 'no-store').sendFile('index.html'),
      );
    }
    for (const file of ASSETS) {
      app.get(`/${file}`, { config: { access: access.public } }, (_req, reply) =>
        reply.header('cache-control', 'no-cache').sendFile(file),
      );
    }
  };
}
