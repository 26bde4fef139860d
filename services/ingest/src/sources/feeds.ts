import { type FeedPaging, feeds } from '@qihang/shared/db/schema/index';
import { NotFoundError } from '@qihang/shared/errors';
import { eq, sql } from 'drizzle-orm';
import { InputError, runBatch } from '../pipeline/run';
import type { BatchReport, IngestDeps, ListKind, SourceRow } from '../types';
import { jsonRecord } from './table';

export type FeedDeps = IngestDeps & { fetch?: typeof fetch };

export type PollResult =
  | { status: 'not-modified'; feedId: string }
  | { status: 'ingested'; feedId: string; pages: number; report: BatchReport };

export interface FeedInput {
  name: string;
  kind: ListKind;
  source: string;
  url: string;
  paging?: FeedPaging;
  idPath?: string;
  intervalMinutes?: number;
}

/** Registers a portal feed, or updates the one with that name (its cursor is kept). */
export async function upsertFeed(deps: Pick<IngestDeps, 'database'>, input: FeedInput): Promise<string> {
  const values = { ...input, paging: input.paging ?? { mode: 'none' as const } };
  const [row] = await deps.database.db
    .insert(feeds)
    .values(values)
    .onConflictDoUpdate({ target: feeds.name, set: values })
    .returning({ id: feeds.id });
  return row!.id;
}

const MAX_PAGES = 200;
const FETCH_TIMEOUT_MS = 30_000;

function at(value: unknown, dotPath: string | undefined): unknown {
  if (!dotPath) return value;
  return dotPath
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      value,
    );
}

function itemsOf(body: unknown, itemsPath: string | undefined): Record<string, unknown>[] {
  const list = itemsPath
    ? at(body, itemsPath)
    : Array.isArray(body)
      ? body
      : ['items', 'data', 'records', 'list'].map((k) => at(body, k)).find(Array.isArray);
  if (!Array.isArray(list))
    throw new InputError(`数据源返回的内容中找不到记录列表${itemsPath ? `（${itemsPath}）` : ''}`);
  return list.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r));
}

/**
 * Pulls a portal's JSON feed once: conditional on the last ETag / Last-Modified, from the stored cursor,
 * following pages; the records go through the same pipeline as an upload. A feed that has not changed
 * answers 304 and nothing is ingested; one that answers the same records again gives a batch of
 * unchanged rows.
 */
export async function pollFeed(deps: FeedDeps, feedId: string): Promise<PollResult> {
  const [feed] = await deps.database.db.select().from(feeds).where(eq(feeds.id, feedId));
  if (!feed) throw new NotFoundError('feed');
  const doFetch = deps.fetch ?? fetch;
  const startedAt = new Date();
  const paging = feed.paging;
  const first = new URL(feed.url);
  if (paging.sinceParam && feed.lastPolledAt)
    first.searchParams.set(paging.sinceParam, feed.lastPolledAt.toISOString());
  if (paging.mode === 'cursor' && feed.cursor && paging.param)
    first.searchParams.set(paging.param, feed.cursor);
  if (paging.mode === 'page' && paging.param) first.searchParams.set(paging.param, '1');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (feed.etag) headers['if-none-match'] = feed.etag;
  if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
  const response = await doFetch(first, { headers, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (response.status === 304) {
    await deps.database.db.update(feeds).set({ lastError: null }).where(eq(feeds.id, feedId));
    return { status: 'not-modified', feedId };
  }
  if (!response.ok) {
    const error = `HTTP ${response.status}`;
    await deps.database.db.update(feeds).set({ lastError: error }).where(eq(feeds.id, feedId));
    throw new Error(`feed ${feed.name}: ${error}`);
  }
  let pages = 0;
  let cursor = feed.cursor;
  async function* records(): AsyncGenerator<SourceRow> {
    let body: unknown = await response.json();
    let rowNumber = 0;
    for (;;) {
      pages++;
      const items = itemsOf(body, paging.itemsPath);
      for (const item of items) {
        const id = at(item, feed!.idPath);
        const withId = id == null || 'externalId' in item ? item : { externalId: String(id), ...item };
        yield jsonRecord(feed!.kind, ++rowNumber, withId);
      }
      const url = new URL(feed!.url);
      if (paging.mode === 'page' && items.length > 0 && paging.param)
        url.searchParams.set(paging.param, String(pages + 1));
      else if (paging.mode === 'cursor' && paging.param) {
        const next = at(body, paging.nextPath ?? 'next');
        if (next == null || next === '' || String(next) === cursor) return;
        cursor = String(next);
        url.searchParams.set(paging.param, cursor);
      } else return;
      if (pages >= (paging.maxPages ?? MAX_PAGES)) return;
      if (paging.sinceParam && feed!.lastPolledAt)
        url.searchParams.set(paging.sinceParam, feed!.lastPolledAt.toISOString());
      const next = await doFetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!next.ok) throw new Error(`feed ${feed!.name}: HTTP ${next.status} on page ${pages + 1}`);
      body = await next.json();
    }
  }
  const report = await runBatch(deps, {
    kind: feed.kind,
    source: feed.source,
    filename: feed.url,
    rows: records(),
  });
  if (report.status === 'done') {
    await deps.database.db
      .update(feeds)
      .set({
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
        cursor,
        lastPolledAt: startedAt,
        lastBatchId: report.batchId,
        lastError: null,
      })
      .where(eq(feeds.id, feedId));
  } else
    await deps.database.db
      .update(feeds)
      .set({ lastError: report.error, lastBatchId: report.batchId })
      .where(eq(feeds.id, feedId));
  return { status: 'ingested', feedId, pages, report };
}

/** The feeds whose interval has passed since their last successful poll. */
export async function dueFeeds(deps: Pick<IngestDeps, 'database'>): Promise<string[]> {
  const rows = await deps.database.db
    .select({ id: feeds.id })
    .from(feeds)
    .where(
      sql`${feeds.active} and (${feeds.lastPolledAt} is null or ${feeds.lastPolledAt} + make_interval(mins => ${feeds.intervalMinutes}) <= now())`,
    );
  return rows.map((r) => r.id);
}
