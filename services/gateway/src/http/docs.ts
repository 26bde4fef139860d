import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * The named schemas in the order the document has always listed them. zod registers a named schema when its
 * module is first evaluated, so without this the order would follow import order, and moving a file would
 * change the document (and the console's generated client) without changing the API. Names not listed
 * here follow, in registration order.
 */
const COMPONENT_ORDER = [
  'Error',
  'IssuedKey',
  'User',
  'SignIn',
  'SessionUser',
  'Session',
  'TooManyAttempts',
  'Account',
  'Person',
  'Post',
  'AuditEntry',
  'Consent',
  'Employer',
  'MatchReason',
  'Candidate',
  'JobFair',
  'FourCounts',
  'Intent',
  'Placement',
  'Portal',
  'PortalSubscription',
  'Delivery',
  'TrainingCourse',
  'PostSummary',
  'BatchReport',
  'RejectedRow',
];
const rank = new Map(
  [...COMPONENT_ORDER.map((n) => `${n}Input`), ...COMPONENT_ORDER].map((name, i) => [name, i]),
);

type Document = ReturnType<typeof jsonSchemaTransformObject>;
function componentsInOrder(doc: Document): Document {
  const schemas = (doc as { components?: { schemas?: Record<string, unknown> } }).components?.schemas;
  if (!schemas) return doc;
  const names = Object.keys(schemas);
  const at = (name: string) => rank.get(name) ?? rank.size + names.indexOf(name);
  const ordered = Object.fromEntries(names.sort((a, b) => at(a) - at(b)).map((n) => [n, schemas[n]]));
  return {
    ...doc,
    components: { ...(doc as { components: object }).components, schemas: ordered },
  } as Document;
}

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
      transformObject: (input) => componentsInOrder(jsonSchemaTransformObject(input)),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  },
  { name: 'qihang-docs' },
);
