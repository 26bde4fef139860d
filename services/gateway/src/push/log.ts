import type { DbOrTx } from '@qihang/shared/db/client';
import { type DeliveryStatus, deliveries, posts } from '@qihang/shared/db/schema/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';

/** The delivery log of one subscription, newest first, keyset-paged on `seq`. */
export async function listDeliveries(
  db: DbOrTx,
  subscriptionId: string,
  query: { status?: DeliveryStatus; limit: number; before?: number },
) {
  const rows = await db
    .select({
      id: deliveries.id,
      seq: deliveries.seq,
      postId: deliveries.postId,
      postTitle: posts.title,
      postVersion: deliveries.postVersion,
      kind: deliveries.kind,
      idempotencyKey: deliveries.idempotencyKey,
      status: deliveries.status,
      attempts: deliveries.attempts,
      lastError: deliveries.lastError,
      nextAttemptAt: deliveries.nextAttemptAt,
      deliveredAt: deliveries.deliveredAt,
      createdAt: deliveries.createdAt,
    })
    .from(deliveries)
    .innerJoin(posts, eq(posts.id, deliveries.postId))
    .where(
      and(
        eq(deliveries.subscriptionId, subscriptionId),
        query.status ? eq(deliveries.status, query.status) : undefined,
        query.before !== undefined ? lt(deliveries.seq, query.before) : undefined,
      ),
    )
    .orderBy(desc(deliveries.seq))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? String(last.seq) : null };
}

/** Counts per status, for the log's header (all subscriptions without an id: monitoring, benchmarks). */
export async function deliveryCounts(db: DbOrTx, subscriptionId?: string) {
  const rows = await db
    .select({ status: deliveries.status, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(subscriptionId ? eq(deliveries.subscriptionId, subscriptionId) : undefined)
    .groupBy(deliveries.status);
  const counts: Record<DeliveryStatus, number> = {
    pending: 0,
    delivering: 0,
    delivered: 0,
    failed: 0,
    dead: 0,
  };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * Manual replay: failed or dead deliveries become due now with a fresh attempt budget; the sweeper sends
 * them with their original idempotency key and body. Returns how many were replayed.
 */
export async function replay(db: DbOrTx, subscriptionId: string, deliveryId?: string): Promise<number> {
  const rows = await db
    .update(deliveries)
    .set({ status: 'failed', attempts: 0, nextAttemptAt: new Date() })
    .where(
      and(
        eq(deliveries.subscriptionId, subscriptionId),
        inArray(deliveries.status, ['failed', 'dead']),
        deliveryId ? eq(deliveries.id, deliveryId) : undefined,
      ),
    )
    .returning({ id: deliveries.id });
  if (deliveryId && rows.length === 0) {
    const [found] = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.id, deliveryId), eq(deliveries.subscriptionId, subscriptionId)));
    if (!found) throw new NotFoundError('delivery');
  }
  return rows.length;
}
