import { Socket } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { acceptedRequestId } from '@qihang/shared/log/index';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { accountAdminRoutes } from './accounts/admin-routes';
import { authRoutes } from './accounts/routes';
import { sessionAuthenticator } from './accounts/sessions';
import { adminRoutes } from './admin/routes';
import { auth } from './auth/plugin';
import { consoleApiRoutes } from './console/api/index';
import { consoleRoutes } from './console/routes';
import { outcomeRoutes } from './fairs/outcome-routes';
import { fairRoutes } from './fairs/routes';
import { docs } from './http/docs';
import { errorHandler } from './http/errors';
import { healthRoutes } from './http/health';
import { nulBytes } from './http/nul-bytes';
import { PageCache } from './matching/cache';
import { type ChangeFeed, keepFresh } from './matching/freshness';
import { recommendationRoutes } from './matching/routes';
import { consentRoutes } from './people/consent-routes';
import { peopleRoutes } from './people/routes';
import type { IngestPort, MatcherPort } from './ports';
import { employerRoutes } from './posts/employer-routes';
import { postRoutes } from './posts/routes';
import type { AuditMode, AuditSink } from './privacy/audit';
import { AuditBuffer } from './privacy/audit-buffer';
import { auditRoutes } from './privacy/audit-routes';
import { portalRoutes } from './push/routes';
import { fourCountsRoutes } from './reports/four-counts-routes';
import { reportRoutes } from './reports/routes';
import { trainingPlanRoutes } from './reports/training-plan-routes';
import { trainingRoutes } from './training/routes';
import { uploadRoutes } from './uploads/routes';
import type { EncodedBody } from './util/encoding';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; rejects with a reason otherwise. */
  check(): Promise<unknown>;
}

export interface AppDeps {
  config: Config;
  database: Database;
  /** The built web console (services/console/dist), served at `/`; not served when absent. */
  consoleDir?: string;
  /** Extra readiness checks (Redis, the embedding model) added by whoever owns those resources. */
  readiness?: ReadinessCheck[];
  /** Uploads and rejected rows; those routes exist only when it is given. */
  ingest?: IngestPort;
  /** Recommendations, near-misses and candidates; those routes exist only when it is given. */
  matcher?: MatcherPort;
  /** Requests per client IP; `false` turns limiting off (benchmarks). Default 600 a minute. */
  rateLimit?: { max: number; timeWindow: string | number } | false;
  /** How reads are audit-logged (default: the config's AUDIT_MODE, itself `durable`); see privacy/audit.ts. */
  audit?: AuditMode;
  /** How long a person's recommendation page is reused (default 60 s; 0 turns caching off). */
  recommendationCacheMs?: number;
  /**
   * What was written since the last look (the matcher's ChangeWatch): read every `changeWatchMs` (default
   * 1 s) to drop reused answers that a write by any process touched (matching/freshness.ts). Without it they
   * live their full time unless this instance changed the person.
   */
  changes?: ChangeFeed;
  changeWatchMs?: number;
  /** How long a request's body may take to arrive where its route does not say (default 30 s). */
  bodyTimeoutMs?: number;
  /** Key cache and `lastUsedAt` write intervals (tests shorten them). */
  auth?: { keyCacheMs?: number; touchEveryMs?: number };
  /** The clock of sessions and sign-in throttling, in ms (tests move it); default Date.now. */
  now?: () => number;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** How long a request's body may take to arrive, unless its route says otherwise (`bodyTimeoutMs`). */
export const BODY_TIMEOUT_MS = 30_000;

/** A hop count trusts that many proxies nearest the server (proxy-addr's `hop` counts from the socket). */
const trustProxyOption = (t: boolean | number | string) =>
  typeof t === 'number' ? (_address: string, hop: number) => hop < t : t;

/**
 * Builds the gateway as a fastify instance without listening, so tests drive it with `inject` and the
 * server process (server.ts) owns ports, signals and shutdown.
 */
export async function buildApp(deps: AppDeps, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: false,
    // Behind a reverse proxy the client is in X-Forwarded-For; the rate limit counts per client address.
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Our own id, unless the client's x-request-id is a short, safe token (it reaches logs and the audit).
    requestIdHeader: false,
    genReqId: (req) => acceptedRequestId(req.headers['x-request-id']) ?? crypto.randomUUID(),
    ...options,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorHandler);
  await app.register(nulBytes);
  // A request's body must arrive within BODY_TIMEOUT_MS (a route may allow longer: uploads), counted from
  // its headers; a sender still sending after that loses the connection. Registered first, so it holds for
  // requests the rate limit or the key check refuse too.
  // The timer ends with the request, whatever carries it: an injected request (`app.inject`) has no real
  // socket and may never emit 'end', so the answer clears it too, and only a network socket is destroyed.
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (!raw.complete) {
      const ms = request.routeOptions.config?.bodyTimeoutMs ?? deps.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
      const timer = setTimeout(() => {
        if (!raw.complete && raw.socket instanceof Socket) raw.socket.destroy();
      }, ms);
      timer.unref();
      const clear = () => clearTimeout(timer);
      raw.once('end', clear);
      raw.once('close', clear);
      reply.raw.once('finish', clear);
      reply.raw.once('close', clear);
    }
    done();
  });
  // An answer sent before its request's body was all received (no key, the rate limit, an unknown route, a
  // body never read) ends the connection, rather than reading on a body nobody wants.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) reply.header('connection', 'close');
    done(null, payload);
  });
  if (deps.rateLimit !== false) {
    // An app-level hook registered before auth's, so every request counts — unauthenticated ones too (a
    // flood of guessed keys is limited). The plugin's own per-route hooks would run after auth's app-level
    // hook and never see a refused key. Routes with `config.rateLimit: false` (health checks) are exempt.
    await app.register(rateLimit, {
      ...(deps.rateLimit ?? { max: 600, timeWindow: '1 minute' }),
      global: false,
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config?.rateLimit === false) return;
      return limit.call(app, request, reply);
    });
  }
  const now = deps.now ?? Date.now;
  await app.register(auth, {
    database: deps.database,
    ...deps.auth,
    sessions: sessionAuthenticator(deps.database.db, now),
  });
  await app.register(docs);

  const checks: ReadinessCheck[] = [
    { name: 'database', check: () => deps.database.rows(sql`select 1 as ok`) },
    ...(deps.readiness ?? []),
  ];
  await app.register(healthRoutes, { checks });

  const ctx = {
    config: deps.config,
    database: deps.database,
    recommendations: new PageCache<EncodedBody>(deps.recommendationCacheMs ?? 60_000, 10_000),
    audit: {
      buffer: new AuditBuffer(deps.database, app.log, {
        durable: (deps.audit ?? deps.config.audit.mode) === 'durable',
      }),
      visibility: new PageCache<boolean>(deps.auth?.keyCacheMs ?? 5_000, 50_000),
    } satisfies AuditSink,
  };
  app.addHook('onClose', async () => ctx.audit.buffer.flush());
  if (deps.changes) {
    const fresh = keepFresh(
      deps.changes,
      { recommendations: ctx.recommendations, visibility: ctx.audit.visibility },
      {
        intervalMs: deps.changeWatchMs ?? 1_000,
        log: app.log,
      },
    );
    app.addHook('onReady', () => fresh.start());
    // A write answered here is reflected in this instance's next answers, not a second later.
    app.addHook('onSend', async (request, reply) => {
      if (WRITES.has(request.method) && reply.statusCode < 300) await fresh.refresh();
    });
    app.addHook('onClose', () => fresh.stop());
  }
  await app.register(adminRoutes, ctx);
  await app.register(auditRoutes, ctx);
  await app.register(peopleRoutes, ctx);
  await app.register(consentRoutes, ctx);
  await app.register(postRoutes, ctx);
  await app.register(employerRoutes, ctx);
  await app.register(trainingRoutes, ctx);
  await app.register(fourCountsRoutes, ctx);
  await app.register(fairRoutes, ctx);
  await app.register(outcomeRoutes, ctx);
  await app.register(reportRoutes, ctx);
  await app.register(trainingPlanRoutes, ctx);
  await app.register(portalRoutes, ctx);
  if (deps.matcher) await app.register(recommendationRoutes, { ...ctx, matcher: deps.matcher });
  if (deps.ingest) await app.register(uploadRoutes, { ...ctx, ingest: deps.ingest });
  await app.register(consoleApiRoutes, ctx);
  await app.register(authRoutes, { ...ctx, now });
  await app.register(accountAdminRoutes, { ...ctx, now });
  if (deps.consoleDir) await app.register(consoleRoutes, { dir: deps.consoleDir });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
