import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { protocolListSchema } from '../../../shared/api-protocols.js';
import { access } from '../../auth/policy.js';
import type { ProtocolLibrary } from '../../protocols/library.js';

/** The protocol library: listed for everyone signed in. */
export function protocolRoutes(library: ProtocolLibrary): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/protocols',
      { config: { access: access.signedIn }, schema: { response: { 200: protocolListSchema } } },
      async () => ({ protocols: await library.views() }),
    );
  };
}
