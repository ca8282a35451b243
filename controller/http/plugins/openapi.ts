import fastifySwagger from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { PACKAGE_VERSION } from '../../../shared/package-info.js';
import type { App } from '../server.js';

/** The OpenAPI document, generated from the same zod schemas the routes validate with. */
export async function installOpenApi(app: App): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Nocturne controller API', version: PACKAGE_VERSION },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'nocturne_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
}
