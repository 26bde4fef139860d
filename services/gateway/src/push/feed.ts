import type { DbOrTx } from '@qihang/shared/db/client';
import { deliveries } from '@qihang/shared/db/schema/index';
import { ValidationError } from '@qihang/shared/errors';
import { sha256Hex } from '@qihang/shared/util/hash';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { PushEvent } from './event';

/**
 * The pull feed: the same events a webhook portal receives (new, update, withdrawal), oldest first. The
 * cursor is the position after the last event read: a portal stores it and asks again later; an empty page
 * still returns a cursor. The ETag names the page's content, so an unchanged poll costs a 304.
 */
export interface FeedPage {
  /** PushEvent objects (see event.ts) with their feed position. */
  items: (Record<string, unknown> & Pick<PushEvent, 'event' | 'idempotencyKey'> & { sequence: number })[];
  nextCursor: string;
  etag: string;
}

const encode = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');

export function decodeFeedCursor(raw: string | undefined): number {
  if (!raw) return 0;
  const m = /^s(\d{1,18})$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m?.[1]) {
    throw new ValidationError('the cursor is not valid', [
      { path: 'querystring.cursor', message: 'not a cursor' },
    ]);
  }
  return Number(m[1]);
}

export async function readFeed(
  db: DbOrTx,
  subscriptionId: string,
  query: { cursor?: string; limit: number },
): Promise<FeedPage> {
  const after = decodeFeedCursor(query.cursor);
  const rows = await db
    .select({ seq: deliveries.seq, payload: deliveries.payload })
    .from(deliveries)
    .where(and(eq(deliveries.subscriptionId, subscriptionId), gt(deliveries.seq, after)))
    .orderBy(asc(deliveries.seq))
    .limit(query.limit);
  const items = rows.filter((r) => r.payload).map((r) => ({ ...(r.payload as PushEvent), sequence: r.seq }));
  const lastSeq = rows[rows.length - 1]?.seq ?? after;
  const etag = `"${sha256Hex(`${subscriptionId}|${after}|${rows.map((r) => r.seq).join(',')}`).slice(0, 32)}"`;
  return { items, nextCursor: encode(lastSeq), etag };
}
