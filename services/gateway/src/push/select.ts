import type { Database, DbOrTx } from '@qihang/shared/db/client';
import { deliveries, employers, portalSubscriptions, posts } from '@qihang/shared/db/schema/index';
import { NotFoundError } from '@qihang/shared/errors';
import { enqueueManyInTx } from '@qihang/shared/queue/index';
import { and, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import { buildEvent, type DeliveryKind, type PostForPortal } from './event';
import { type Candidate, type LastDelivery, planDeliveries } from './plan';

type Subscription = typeof portalSubscriptions.$inferSelect;

const postColumns = {
  id: posts.id,
  version: posts.version,
  title: posts.title,
  description: posts.description,
  employerName: employers.name,
  occupationCode: posts.occupationCode,
  regionCode: posts.regionCode,
  headcount: posts.headcount,
  openings: sql<number>`greatest(${posts.headcount} - ${posts.filledCount}, 0)::int`,
  payMin: posts.payMin,
  payMax: posts.payMax,
  payText: posts.payText,
  accommodation: posts.accommodation,
  meals: posts.meals,
  requiredSkills: posts.requiredSkills,
  requiredCertificates: posts.requiredCertificates,
  ageMin: posts.ageMin,
  ageMax: posts.ageMax,
  minEducation: posts.minEducation,
  postType: posts.postType,
  status: posts.status,
  validFrom: posts.validFrom,
  validTo: posts.validTo,
};

/** The subscription's filters as SQL: a region at any level selects everything inside it; empty = all. */
export function subscriptionFilter(s: Pick<Subscription, 'regionCodes' | 'occupationCodes'>): SQL {
  const region = s.regionCodes.length
    ? or(...s.regionCodes.map((c) => regionWithin(posts.regionCode, c)))
    : undefined;
  const occupation = s.occupationCodes.length ? inArray(posts.occupationCode, s.occupationCodes) : undefined;
  return and(region, occupation) ?? sql`true`;
}

const suitableSql = sql<boolean>`(${posts.status} = 'open' and ${posts.filledCount} < ${posts.headcount})`;

export interface PushRequest {
  /** The caller's posts scope (a bureau pushes only its region's posts); undefined = all. */
  scope?: SQL;
  /** Only these posts for new/update (a bureau's selection); withdrawals are always considered. */
  postIds?: readonly string[];
}

export interface PushResult {
  new: number;
  update: number;
  withdrawal: number;
}

/**
 * One push run for a subscription: decides new/update/withdrawal deliveries and, in the same transaction,
 * queues them through the outbox (webhook subscriptions) — a crash leaves either all of it or none.
 * Pull-only subscriptions (no target URL) get the same rows, published to the feed at once.
 */
export async function pushToSubscription(
  database: Database,
  subscriptionId: string,
  request: PushRequest = {},
): Promise<PushResult> {
  return database.db.transaction(async (tx) => {
    // Serializes runs of one subscription until commit: no duplicate plans, and feed order = commit order.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`push:${subscriptionId}`}))`);
    const [sub] = await tx
      .select()
      .from(portalSubscriptions)
      .where(eq(portalSubscriptions.id, subscriptionId));
    if (!sub) throw new NotFoundError('subscription');
    const result: PushResult = { new: 0, update: 0, withdrawal: 0 };
    if (!sub.active) return result;

    const last = await lastDeliveries(tx, sub.id);
    const live = [...last.values()].filter((d) => d.kind !== 'withdrawal').map((d) => d.postId);
    const suitable = and(subscriptionFilter(sub), suitableSql);
    // New posts come from the selection; posts already live are always re-checked (update or withdrawal).
    const selected = request.postIds ? and(suitable, inArray(posts.id, [...request.postIds])) : suitable;
    const rows = await tx
      .select({ ...postColumns, suitable: sql<boolean>`coalesce(${suitable}, false)` })
      .from(posts)
      .innerJoin(employers, eq(employers.id, posts.employerId))
      .where(and(request.scope, or(selected, live.length ? inArray(posts.id, live) : sql`false`)));
    const candidates: Candidate[] = rows.map(({ suitable, ...post }) => ({
      post: post as PostForPortal,
      suitable,
    }));
    const plan = planDeliveries(candidates, last);
    if (plan.length === 0) return result;

    const now = new Date();
    const pull = !sub.targetUrl;
    for (let i = 0; i < plan.length; i += 500) {
      const chunk = plan.slice(i, i + 500);
      const inserted = await tx
        .insert(deliveries)
        .values(
          chunk.map(({ post, kind }) => {
            const event = buildEvent(sub.id, post, kind, now);
            return {
              subscriptionId: sub.id,
              postId: post.id,
              postVersion: post.version,
              kind,
              idempotencyKey: event.idempotencyKey,
              payload: event,
              ...(pull ? { status: 'delivered' as const, deliveredAt: now } : {}),
            };
          }),
        )
        .onConflictDoNothing()
        .returning({ id: deliveries.id, kind: deliveries.kind });
      for (const d of inserted) result[d.kind as DeliveryKind]++;
      if (!pull)
        await enqueueManyInTx(
          tx,
          'deliver',
          inserted.map((d) => ({ deliveryId: d.id })),
        );
    }
    return result;
  });
}

async function lastDeliveries(tx: DbOrTx, subscriptionId: string): Promise<Map<string, LastDelivery>> {
  const rows = await tx
    .selectDistinctOn([deliveries.postId], {
      postId: deliveries.postId,
      postVersion: deliveries.postVersion,
      kind: deliveries.kind,
    })
    .from(deliveries)
    .where(eq(deliveries.subscriptionId, subscriptionId))
    .orderBy(deliveries.postId, sql`${deliveries.seq} desc`);
  return new Map(rows.map((r) => [r.postId, r]));
}
