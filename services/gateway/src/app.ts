import rateLimit from '@fastify/rate-limit';
import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { docs } from './plugins/docs';
import { errorHandler } from './plugins/errors';
import { healthRoutes } from './routes/health';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects with a reason otherwise. */
  check(): Promise<unknown>;
}

export interface AppDeps {
  config: Config;
  database: Database;
  /** Extra readiness checks (Redis, the embedding model) added by whoever owns those resources. */
  readiness?: ReadinessCheck[];
}

/**
 * Builds the gateway as a fastify instance without listening, so tests drive it with `inject` and the
 * server process (server.ts) owns ports, signals and shutdown.
 */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: false,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandler);
  await app.register(rateLimit, { max: 600, timeWindow: '1 minute' });
  await app.register(docs);

  const checks: ReadinessCheck[] = [
    { name: 'database', check: () => deps.database.rows(sql`select 1 as ok`) },
    ...(deps.readiness ?? []),
  ];
  await app.register(healthRoutes, { checks });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
