import fastifyCookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { App } from '../server.js';

/**
 * Security headers: a strict Content-Security-Policy (scripts and styles from files of our own
 * origin only, no inline code, no framing), nosniff, no referrer. HSTS only matters under HTTPS.
 */
export async function installSecurity(app: App, https: boolean): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: https,
  });
  // API answers hold patient data: no browser or proxy keeps a copy (the back button included).
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      reply.header('cache-control', 'no-store');
  });
}
