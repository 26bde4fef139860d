import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { defaultModelDir, defaultOccupationsFile, resolveFromRoot } from './paths';

export { repoRoot } from './paths';

/** Used only outside production, so a newcomer needs no secret to try Qihang. */
const DEV_ID_HASH_KEY = 'qihang-development-only-key-do-not-use-in-production';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    PGLITE_DIR: z.string().default('data/pglite'),
    REDIS_URL: optionalString.pipe(
      z
        .string()
        .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
        .optional(),
    ),
    MODEL_DIR: optionalString,
    OCCUPATIONS_FILE: optionalString,
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ID_HASH_KEY: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
    AUDIT_MODE: z.enum(['durable', 'buffered']).default('durable'),
    MATCHER_MEMORY_INDEX: z.enum(['on', 'off']).default('on'),
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(|true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/,
        'must be true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs',
      )
      .default('false'),
    PUSH_PRIVATE_TARGETS: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) =>
          v === '' ||
          v.split(',').every((range) => {
            const [address = '', prefix, extra] = range.trim().split('/');
            const family = isIP(address);
            const max = family === 4 ? 32 : 128;
            return (
              family !== 0 &&
              extra === undefined &&
              (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max))
            );
          }),
        'must be a comma-separated list of addresses or CIDRs (127.0.0.1/32,10.0.0.0/8)',
      ),
    DEMO_SEED: z.coerce.number().int().min(0).default(20221),
    DEMO_PEOPLE: z.coerce.number().int().min(0).max(1_000_000).default(3000),
    DEMO_POSTS: z.coerce.number().int().min(0).max(1_000_000).default(1500),
    DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
    DEMO_DATE: z
      .string()
      .trim()
      .pipe(z.union([z.literal(''), z.iso.date('must be a day as YYYY-MM-DD')]))
      .default(''),
    PLACEMENT_TARGETS: z
      .string()
      .regex(
        /^\s*\d{4}:(0(\.\d+)?|1(\.0+)?)\s*(,\s*\d{4}:(0(\.\d+)?|1(\.0+)?)\s*)*$/,
        'must look like 2025:0.3,2026:0.5',
      )
      .default('2025:0.3,2026:0.5,2027:0.7'),
    TEST_POSTGRES_ADMIN_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
      .default('postgres://postgres@127.0.0.1:5432/postgres'),
    TEST_REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/.+/, 'must be a redis:// or rediss:// URL')
      .default('redis://127.0.0.1:6379'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.ID_HASH_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ID_HASH_KEY'], message: 'is required in production' });
    }
    if (env.OCCUPATIONS_FILE && !existsSync(resolveFromRoot(env.OCCUPATIONS_FILE))) {
      ctx.addIssue({ code: 'custom', path: ['OCCUPATIONS_FILE'], message: 'file does not exist' });
    }
  });

export type DatabaseConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
export type QueueConfig = { kind: 'inline' } | { kind: 'redis'; url: string };

export interface Config {
  env: 'development' | 'test' | 'production';
  database: DatabaseConfig;
  queue: QueueConfig;
  modelDir: string;
  /**
   * The 2022 occupation classification (JSONL, optionally gzipped); by default the copy the repository ships.
   * Never undefined from the environment: only fast tests set it so, to load the compact built-in list.
   */
  occupationsFile: string | undefined;
  http: { host: string; port: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  secrets: { idHashKey: string; idHashKeyIsDevelopmentDefault: boolean };
  /**
   * `durable`: a read of a person answers only once its audit row is committed. `buffered`: rows are written
   * every 50 ms; a process killed outright loses the last interval's rows (faster, weaker).
   */
  audit: { mode: 'durable' | 'buffered' };
  /**
   * `memoryIndex`: keep the searchable posts and people (filtered columns + vectors, ~2.5 KB a row) in each
   * serving process and rank there; `off` leaves every search to the database (less memory, slower).
   */
  matcher: { memoryIndex: boolean };
  /**
   * Which reverse proxies' X-Forwarded-For to believe (fastify's trustProxy): the rate limit counts per client
   * address, so behind a proxy without this every client shares the proxy's address.
   */
  trustProxy: boolean | number | string;
  /**
   * Webhook targets: https to public addresses only, unless a non-public range is listed here (an intranet
   * portal); plain http only to those ranges. Checked on saving a subscription and at every delivery.
   */
  push: { privateTargets: string[] };
  /**
   * The demo data set `pnpm start` loads into an empty database. `referenceDate`: the day it is generated
   * around (release dates, validity, registrations); unset, the day of that first start in China, so the
   * demo's posts are open and its people recently registered whenever a newcomer starts it.
   */
  demo: { seed: number; people: number; posts: number; enabled: boolean; referenceDate?: string };
  /** Yearly placement-rate targets (rate in 0–1 by year), e.g. the seeds' 30% → 50% → 70%. */
  placementTargets: Record<number, number>;
  /** Where integration tests and benchmarks find the real services (they make their own databases). */
  testing: { postgresAdminUrl: string; redisUrl: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment (process.env by default). This is the only place in
 * Qihang that reads environment variables; everything else receives a Config.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: resolveFromRoot(e.PGLITE_DIR) },
    queue: e.REDIS_URL ? { kind: 'redis', url: e.REDIS_URL } : { kind: 'inline' },
    modelDir: e.MODEL_DIR ? resolveFromRoot(e.MODEL_DIR) : defaultModelDir(),
    occupationsFile: e.OCCUPATIONS_FILE ? resolveFromRoot(e.OCCUPATIONS_FILE) : defaultOccupationsFile(),
    http: { host: e.HOST, port: e.PORT },
    logLevel: e.LOG_LEVEL,
    secrets: {
      idHashKey: e.ID_HASH_KEY ?? DEV_ID_HASH_KEY,
      idHashKeyIsDevelopmentDefault: !e.ID_HASH_KEY,
    },
    audit: { mode: e.AUDIT_MODE },
    matcher: { memoryIndex: e.MATCHER_MEMORY_INDEX === 'on' },
    trustProxy:
      e.TRUST_PROXY === '' || e.TRUST_PROXY === 'false'
        ? false
        : e.TRUST_PROXY === 'true'
          ? true
          : /^\d+$/.test(e.TRUST_PROXY)
            ? Number(e.TRUST_PROXY)
            : e.TRUST_PROXY,
    push: {
      privateTargets: e.PUSH_PRIVATE_TARGETS.split(',')
        .map((r) => r.trim())
        .filter((r) => r !== ''),
    },
    demo: {
      seed: e.DEMO_SEED,
      people: e.DEMO_PEOPLE,
      posts: e.DEMO_POSTS,
      enabled: e.DEMO_DATA === 'auto',
      ...(e.DEMO_DATE ? { referenceDate: e.DEMO_DATE } : {}),
    },
    placementTargets: Object.fromEntries(
      e.PLACEMENT_TARGETS.split(',').map((pair) => {
        const [year, rate] = pair.trim().split(':');
        return [Number(year), Number(rate)];
      }),
    ),
    testing: { postgresAdminUrl: e.TEST_POSTGRES_ADMIN_URL, redisUrl: e.TEST_REDIS_URL },
  };
}
