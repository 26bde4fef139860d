import { randomUUID } from 'node:crypto';
import { type DbOrTx, executeRows } from '@qihang/shared/db/client';
import { employers, postSources, posts } from '@qihang/shared/db/schema/index';
import { textSimilarity } from '@qihang/shared/normalize/text';
import type { JobPayloads } from '@qihang/shared/queue/contract';
import { contentHash } from '@qihang/shared/util/hash';
import { and, eq, sql } from 'drizzle-orm';
import type { PostRecord } from '../validation/posts';
import type { UploadScope } from '../validation/scope';
import { inJson, insertJson } from './bulk';
import { resolveEmployers } from './employers';
import { enqueueEmbeds } from './outbox';
import { POST_COLUMNS, type PostRow, postJson, postRow } from './post-rows';
import type { ChunkCounts, Conflict, Item } from './types';

export const EMPLOYER_CLOSED = '用人单位已关闭，不再接收其招聘中的岗位；如需恢复，请就业局先恢复该单位';

/** Descriptions at least this similar (character-shingle Jaccard) are the same post on two portals. */
export const SAME_POST_SIMILARITY = 0.85;

/** What decides whether a post changed: everything but where it was seen and whom to call. */
export const postContentHash = (r: PostRecord): string => {
  const { externalId: _id, employer, occupation, ...content } = r;
  return contentHash({ ...content, employer: employer.key, occupationCode: occupation.code });
};

/**
 * Writes one chunk of posts in the caller's transaction: unchanged records are left alone, changed ones
 * update the post (version + 1), a record new to this source that matches a post from another source
 * (same employer, title, region, near-identical description) becomes a second source of that post, and the
 * rest are new posts. The embed jobs go to the outbox in the same transaction. A recruiting (招聘中) post of an
 * employer the bureau has closed is refused (a conflict: rejected with its reason, like an invalid row).
 * Returns the counts and the conflicts.
 */
export async function persistPosts(
  tx: DbOrTx,
  source: string,
  items: Item<PostRecord>[],
  employerCache: Map<string, string>,
  scope?: UploadScope,
): Promise<{ counts: ChunkCounts; conflicts: Conflict[] }> {
  const counts: ChunkCounts = { accepted: 0, updated: 0, unchanged: 0, merged: 0 };
  const conflicts: Conflict[] = [];
  const embeds: JobPayloads['embed'][] = [];
  if (items.length === 0) return { counts, conflicts };
  // Independent lookups, sent together (pipelined on the transaction's connection).
  const [employerIds, known] = await Promise.all([
    resolveEmployers(
      tx,
      items.map((i) => i.record.employer),
      employerCache,
      scope?.regionCode,
    ),
    tx
      .select({
        externalId: postSources.externalId,
        postId: postSources.postId,
        hash: postSources.contentHash,
      })
      .from(postSources)
      .where(
        and(
          eq(postSources.source, source),
          inJson(
            postSources.externalId,
            items.map((i) => i.record.externalId),
          ),
        ),
      ),
  ]);
  for (const [k, v] of employerIds) employerCache.set(k, v);
  // FOR SHARE (every employer of the chunk, closed or not): a close running meanwhile waits for this chunk
  // and then closes its new posts too, or commits first and they are refused here.
  const closed = new Set(
    (
      await tx
        .select({ id: employers.id, closedAt: employers.closedAt })
        .from(employers)
        .where(inJson(employers.id, [...new Set(employerIds.values())], 'uuid'))
        .for('share')
    )
      .filter((e) => e.closedAt !== null)
      .map((e) => e.id),
  );
  const bySource = new Map(known.map((k) => [k.externalId, k]));
  const fresh = items.filter((i) => !bySource.has(i.record.externalId));
  const candidates = await sameElsewhere(tx, source, fresh, employerIds);
  const inserts: { item: Item<PostRecord>; row: Omit<PostRow, 'id'> }[] = [];
  const sourceRows: (typeof postSources.$inferInsert)[] = [];
  for (const item of items) {
    const r = item.record;
    const hash = item.contentHash ?? postContentHash(r);
    const employerId = employerIds.get(r.employer.key)!;
    const seen = bySource.get(r.externalId);
    if (seen?.hash === hash) {
      counts.unchanged++;
      continue;
    }
    if (r.status === 'open' && closed.has(employerId)) {
      conflicts.push({ rowNumber: item.rowNumber, field: 'employerName', reason: EMPLOYER_CLOSED });
      continue;
    }
    const existing = seen
      ? { id: seen.postId, contentHash: null as string | null }
      : candidates.find(
          (c) =>
            c.employerId === employerId &&
            c.title === r.title &&
            c.regionCode === r.regionCode &&
            textSimilarity(c.description, r.description) >= SAME_POST_SIMILARITY,
        );
    if (!existing) {
      inserts.push({ item, row: postRow(r, employerId, hash) });
      continue;
    }
    if (seen) {
      await tx
        .update(postSources)
        .set({ contentHash: hash, raw: item.raw, lastSeenAt: sql`now()` })
        .where(and(eq(postSources.source, source), eq(postSources.externalId, r.externalId)));
      counts.updated++;
    } else {
      sourceRows.push({
        postId: existing.id,
        source,
        externalId: r.externalId,
        raw: item.raw,
        contentHash: hash,
      });
      counts.accepted++;
      counts.merged++;
    }
    if (existing.contentHash !== hash) {
      await tx
        .update(posts)
        .set({ ...postRow(r, employerId, hash), version: sql`${posts.version} + 1`, updatedAt: sql`now()` })
        .where(eq(posts.id, existing.id));
      embeds.push({ ownerType: 'post', ownerId: existing.id, contentHash: hash });
    }
  }
  // The post insert is sent without waiting for it: its source rows are built and sent behind it on the
  // same connection (statements run in the order sent, so the posts exist before their sources).
  let postInsert: Promise<void> = Promise.resolve();
  if (inserts.length > 0) {
    // Ids made here, so each source row knows its post without relying on the order RETURNING gives.
    const withIds = inserts.map((i) => ({ ...i, id: randomUUID() }));
    postInsert = insertJson(
      tx,
      'posts',
      POST_COLUMNS,
      withIds.map((i) => postJson(i.id, i.row)),
    );
    withIds.forEach(({ item, row, id }) => {
      sourceRows.push({
        postId: id,
        source,
        externalId: item.record.externalId,
        raw: item.raw,
        contentHash: row.contentHash,
      });
      embeds.push({ ownerType: 'post', ownerId: id, contentHash: row.contentHash });
    });
    counts.accepted += inserts.length;
  }
  const sourceInsert = insertJson(
    tx,
    'post_sources',
    { post_id: 'uuid', source: 'text', external_id: 'text', raw: 'jsonb', content_hash: 'text' },
    sourceRows.map((r) => ({
      post_id: r.postId,
      source: r.source,
      external_id: r.externalId,
      raw: r.raw,
      content_hash: r.contentHash,
    })),
  );
  await Promise.all([postInsert, sourceInsert, enqueueEmbeds(tx, embeds)]);
  return { counts, conflicts };
}

/** Posts of the same employers and titles that this source does not carry yet: candidates for dedup. */
async function sameElsewhere(
  tx: DbOrTx,
  source: string,
  fresh: Item<PostRecord>[],
  employerIds: Map<string, string>,
) {
  if (fresh.length === 0) return [];
  const pairs = fresh.map((i) => ({
    e: employerIds.get(i.record.employer.key)!,
    t: i.record.title,
    r: i.record.regionCode,
  }));
  // Driven by the pairs, one index lookup each (posts_employer_title_region_idx): the plan does not depend on
  // statistics, which lag far behind while a large batch fills the table (a hash join over every post per
  // chunk made this query the slowest step of a 100k-row upload).
  const found = await executeRows<{
    id: string;
    employerId: string;
    title: string;
    regionCode: string;
    description: string;
    contentHash: string;
  }>(
    tx,
    sql`select p.id, p.employer_id as "employerId", p.title, p.region_code as "regionCode",
        p.description, p.content_hash as "contentHash"
      from (select distinct x.e, x.t, x.r
            from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(e uuid, t text, r text)) x
      cross join lateral (select * from ${posts} p
        where p.employer_id = x.e and p.title = x.t and p.region_code = x.r
          and not exists (select 1 from ${postSources} s where s.post_id = p.id and s.source = ${source})
        offset 0) p`,
  );
  return found;
}
