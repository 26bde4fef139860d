import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3, generated from the route schemas, served as JSON and as a browsable page at /docs. */
export const docs = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'Qihang (启航) API',
          description:
            '再就业人岗匹配服务：求职需求清单、岗位供给清单、人岗推荐、四个底数、招聘会与岗位推送。',
          version: '0.1.0',
        },
        components: {
          securitySchemes: {
            apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'qihang_session',
              description:
                'A person signed in through POST /v1/auth/sign-in. Writes also need header x-csrf-token (the session’s csrfToken).',
            },
          },
        },
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'qihang-docs' },
);
