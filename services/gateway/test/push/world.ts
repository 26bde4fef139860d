import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { deliveries, outbox, portalSubscriptions, posts } from '@qihang/shared/db/schema/index';
import { drainOutboxInline } from '@qihang/shared/queue/inline';
import { eq, inArray, sql } from 'drizzle-orm';
import type { DeliverDeps } from '../../src/push/deliver';
import { deliverHandler } from '../../src/push/deliver';
import { sweepDue } from '../../src/push/schedule';
import { deriveSecretsKey, encryptSecret, generateSigningSecret } from '../../src/push/secrets';
import { targetPolicy } from '../../src/push/targets';
import { codes, type World } from '../fixtures';

export const secretsKey = deriveSecretsKey(loadConfig({}).secrets.idHashKey);

/**
 * The test receiver listens on loopback, which webhook targets may not be by default: the tests allow it as
 * an operator would (PUSH_PRIVATE_TARGETS=127.0.0.1/32).
 */
export const receiverRange = '127.0.0.1/32';

/** Short timeouts and backoffs, so misbehaving portals cost tests milliseconds. */
export const fastDeps = (database: Database, extra: Partial<DeliverDeps> = {}): DeliverDeps => ({
  database,
  secretsKey,
  targets: targetPolicy([receiverRange]),
  timeoutMs: 300,
  leaseMs: 400,
  maxAttempts: 8,
  backoff: { baseMs: 20, maxMs: 100, maxRetryAfterMs: 5_000 },
  ...extra,
});

/** `n` open 电焊工 posts in 济南历下 for the fixture's employer. */
export async function addWeldingPosts(w: World, n: number, tag: string): Promise<string[]> {
  const rows = await w.database.db
    .insert(posts)
    .values(
      Array.from({ length: n }, (_, i) => ({
        employerId: w.ids.fairEmployer,
        title: `电焊工 ${tag}-${i}`,
        occupationCode: codes.welder,
        regionCode: codes.lixia,
        headcount: 3,
        contentHash: `h-${tag}-${i}`,
      })),
    )
    .returning({ id: posts.id });
  return rows.map((r) => r.id);
}

export async function addSubscription(w: World, targetUrl: string | null) {
  const secret = generateSigningSecret();
  const [sub] = await w.database.db
    .insert(portalSubscriptions)
    .values({
      portalId: w.ids.portal,
      targetUrl,
      regionCodes: [codes.jinan],
      occupationCodes: [codes.welder],
      signingSecretEnc: encryptSecret(secretsKey, secret),
    })
    .returning();
  return { id: sub!.id, secret };
}

const noop = async () => {};

/** First attempts through the outbox (in-process runner), then sweeps until nothing is due or waiting. */
export async function runUntilSettled(deps: DeliverDeps, subscriptionId: string, maxMs = 20_000) {
  const until = Date.now() + maxMs;
  await drainOutboxInline(deps.database, { deliver: deliverHandler, embed: noop, reindex: noop }, deps);
  for (;;) {
    await sweepDue(deps, { concurrency: 8 });
    const [open] = await deps.database.rows<{ n: number }>(
      sql`select count(*)::int as n from deliveries where subscription_id = ${subscriptionId}
          and status in ('pending', 'delivering', 'failed')`,
    );
    if (!open?.n) return;
    if (Date.now() > until) throw new Error(`${open.n} deliveries still open`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

export async function statusesOf(database: Database, subscriptionId: string) {
  const rows = await database.db
    .select()
    .from(deliveries)
    .where(eq(deliveries.subscriptionId, subscriptionId));
  return rows;
}

/** Outbox rows of these deliveries were all handled (none left behind). */
export async function outboxLeft(database: Database, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return 0;
  const rows = await database.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      sql`${outbox.relayedAt} is null and ${inArray(
        outbox.jobId,
        deliveryIds.map((d) => `deliver-${d}`),
      )}`,
    );
  return rows.length;
}
