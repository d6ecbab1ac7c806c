import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { globalPlugin } from './global-plugin.ts';

/**
 * The OpenAPI 3 document, built from the same zod schemas that validate requests, at
 * /docs/json, and the Swagger UI at /docs. Must be registered before the routes.
 */
export const docsPlugin = globalPlugin(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'microcap API',
        description:
          'Research, backtest and paper-trade strategies on micro-cap stocks. ' +
          'Authenticate with POST /api/auth/login, then send `Authorization: Bearer <accessToken>`.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
}, 'microcap-docs');
