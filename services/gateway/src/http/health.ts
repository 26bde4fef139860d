import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ReadinessCheck } from '../app';

const checkSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

/** Liveness answers as long as the process serves; readiness asks each dependency. */
export const healthRoutes: FastifyPluginAsyncZod<{ checks: ReadinessCheck[] }> = async (app, { checks }) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
      config: { rateLimit: false, public: true },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database, Redis (when configured) and the embedding model',
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.array(checkSchema) }),
          503: z.object({ status: z.literal('not_ready'), checks: z.array(checkSchema) }),
        },
      },
      config: { rateLimit: false, public: true },
    },
    async (_request, reply) => {
      const results = await Promise.all(
        checks.map(async (c) => {
          try {
            await c.check();
            return { name: c.name, ok: true };
          } catch (err) {
            return { name: c.name, ok: false, detail: err instanceof Error ? err.message : String(err) };
          }
        }),
      );
      if (results.every((r) => r.ok)) return { status: 'ready' as const, checks: results };
      return reply.status(503).send({ status: 'not_ready' as const, checks: results });
    },
  );
};
