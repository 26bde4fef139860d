import type { Database } from '@qihang/shared/db/client';
import { deliveries, portalSubscriptions } from '@qihang/shared/db/schema/index';
import type { Logger } from '@qihang/shared/log/index';
import type { JobPayloads } from '@qihang/shared/queue/index';
import { UnrecoverableError } from 'bullmq';
import { and, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import {
  type AttemptResult,
  type BackoffPolicy,
  classifyResponse,
  defaultBackoff,
  describeFetchError,
  retryDelayMs,
} from './outcome';
import { decryptSecret } from './secrets';
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureHeader } from './signing';
import { guardedFetch, type TargetPolicy, TargetRefusedError, targetPolicy, targetProblem } from './targets';

export interface DeliverDeps {
  database: Database;
  /** From `deriveSecretsKey(config.secrets.idHashKey)`. */
  secretsKey: Buffer;
  /** Which targets may be reached (default: https to public addresses only); see targets.ts. */
  targets?: TargetPolicy;
  /** Replaces the guarded connection (tests); the target is still checked before each attempt. */
  fetch?: typeof fetch;
  now?: () => Date;
  random?: () => number;
  /** Whole request, headers and body, in ms (default 10 s). */
  timeoutMs?: number;
  /** Attempts before a delivery is dead (default 8). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /**
   * How long a claimed delivery belongs to its worker (default timeout + 30 s). A worker that dies leaves a
   * lease that expires; the next run (BullMQ's stalled-job retry or the sweeper) takes it over.
   */
  leaseMs?: number;
  log?: Logger;
}

export type DeliverOutcome = 'delivered' | 'retry' | 'dead' | 'skipped';

/**
 * One attempt to deliver one delivery. Attempts are counted in the deliveries row, not by BullMQ: a
 * retryable failure records `failed` + `next_attempt_at` (backoff with jitter, or the portal's Retry-After)
 * and the job completes; the push sweeper (schedule.ts) runs it again when due. Idempotent: a delivered or
 * dead row, or one another worker holds, is a no-op. Throws only when the database fails (BullMQ retries).
 */
export async function deliver(
  deps: DeliverDeps,
  { deliveryId }: JobPayloads['deliver'],
): Promise<DeliverOutcome> {
  const now = deps.now ?? (() => new Date());
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const { db } = deps.database;
  const claimedAt = now();
  const due = or(isNull(deliveries.nextAttemptAt), lte(deliveries.nextAttemptAt, claimedAt));
  const [claimed] = await db
    .update(deliveries)
    .set({
      status: 'delivering',
      attempts: sql`${deliveries.attempts} + 1`,
      nextAttemptAt: new Date(claimedAt.getTime() + (deps.leaseMs ?? timeoutMs + 30_000)),
    })
    .where(
      and(
        eq(deliveries.id, deliveryId),
        inArray(deliveries.status, ['pending', 'failed', 'delivering']),
        due,
      ),
    )
    .returning();
  if (!claimed) {
    const [exists] = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.id, deliveryId));
    if (!exists) throw new UnrecoverableError(`delivery ${deliveryId} does not exist`);
    return 'skipped';
  }
  const sub = await subscriptionOf(deps, claimed.subscriptionId);

  const result = await attempt(deps, sub, claimed.idempotencyKey, claimed.payload);
  const finishedAt = now();
  const attempts = claimed.attempts;
  const maxAttempts = deps.maxAttempts ?? 8;
  const set =
    result.kind === 'delivered'
      ? { status: 'delivered' as const, deliveredAt: finishedAt, nextAttemptAt: null, lastError: null }
      : result.kind === 'dead' || attempts >= maxAttempts
        ? {
            status: 'dead' as const,
            nextAttemptAt: null,
            lastError:
              result.kind === 'dead' ? result.error : `gave up after ${attempts} attempts: ${result.error}`,
          }
        : {
            status: 'failed' as const,
            lastError: result.error,
            nextAttemptAt: new Date(
              finishedAt.getTime() +
                retryDelayMs(
                  attempts,
                  deps.backoff ?? defaultBackoff,
                  deps.random ?? Math.random,
                  result.retryAfterMs,
                ),
            ),
          };
  // Fenced by the attempt number: if our lease expired and another worker took over, its result stands.
  await db
    .update(deliveries)
    .set(set)
    .where(
      and(
        eq(deliveries.id, deliveryId),
        eq(deliveries.status, 'delivering'),
        eq(deliveries.attempts, attempts),
      ),
    );
  deps.log?.info(
    {
      deliveryId,
      subscriptionId: claimed.subscriptionId,
      attempt: attempts,
      status: set.status,
      error: set.lastError,
    },
    'push delivery attempt',
  );
  return result.kind === 'delivered' ? 'delivered' : set.status === 'dead' ? 'dead' : 'retry';
}

type Subscription = typeof portalSubscriptions.$inferSelect;
const SUBSCRIPTION_CACHE_MS = 5_000;
const subscriptionCache = new WeakMap<Database, Map<string, { at: number; sub: Subscription | undefined }>>();

/**
 * Subscriptions are read for every attempt; a 2,000-post push reads the same one 2,000 times, so it is
 * reused for a few seconds (a deactivation or URL change takes effect within that time).
 */
async function subscriptionOf(deps: DeliverDeps, id: string): Promise<Subscription | undefined> {
  const byId = subscriptionCache.get(deps.database) ?? new Map();
  subscriptionCache.set(deps.database, byId);
  const hit = byId.get(id);
  if (hit && Date.now() - hit.at < SUBSCRIPTION_CACHE_MS) return hit.sub;
  const [sub] = await deps.database.db
    .select()
    .from(portalSubscriptions)
    .where(eq(portalSubscriptions.id, id));
  if (byId.size > 10_000) byId.clear();
  byId.set(id, { at: Date.now(), sub });
  return sub;
}

async function attempt(
  deps: DeliverDeps,
  sub: Subscription | undefined,
  idempotencyKey: string,
  payload: unknown,
): Promise<AttemptResult> {
  if (!sub?.active) return { kind: 'dead', error: 'subscription inactive' };
  if (!sub.targetUrl) return { kind: 'delivered' }; // pull-only: the feed is the delivery
  if (!payload) return { kind: 'dead', error: 'no event body recorded' };
  let secret: string;
  try {
    secret = decryptSecret(deps.secretsKey, sub.signingSecretEnc);
  } catch (err) {
    return { kind: 'dead', error: (err as Error).message };
  }
  return send(deps, sub.targetUrl, secret, idempotencyKey, JSON.stringify(payload));
}

const publicOnly = targetPolicy();
const TARGET_REFUSED =
  'target refused: not an https URL of a public address, nor in a range PUSH_PRIVATE_TARGETS allows';

async function send(
  deps: DeliverDeps,
  url: string,
  secret: string,
  idempotencyKey: string,
  body: string,
): Promise<AttemptResult> {
  const policy = deps.targets ?? publicOnly;
  if (await targetProblem(policy, url)) return { kind: 'dead', error: TARGET_REFUSED };
  const doFetch = deps.fetch ?? guardedFetch(policy);
  const t = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  try {
    const res = await doFetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'qihang-push/1',
        [SIGNATURE_HEADER]: signatureHeader(secret, body, t),
        [IDEMPOTENCY_HEADER]: idempotencyKey,
      },
      body,
    });
    // Reading the body to its end tells a complete answer from one cut off mid-way (an ack we cannot trust).
    await res.arrayBuffer();
    return classifyResponse(
      res.status,
      res.headers.get('retry-after'),
      (deps.now?.() ?? new Date()).getTime(),
    );
  } catch (err) {
    if (
      err instanceof TargetRefusedError ||
      (err as { cause?: unknown }).cause instanceof TargetRefusedError
    ) {
      return { kind: 'dead', error: TARGET_REFUSED };
    }
    return { kind: 'retry', error: describeFetchError(err) };
  }
}

/** The queue handler (`jobNames.deliver`), with the JobHandler shape. */
export const deliverHandler = async (deps: DeliverDeps, payload: JobPayloads['deliver']): Promise<void> => {
  await deliver(deps, payload);
};
