import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ListKind } from '../../domain';
import { createdAt, id } from './columns';
import { ingestBatches } from './ingest';

/** How a feed pages: by page number, by a cursor the response returns, or not at all. */
export interface FeedPaging {
  mode: 'none' | 'page' | 'cursor';
  /** Query parameter carrying the page number or cursor. */
  param?: string;
  /** Dot path of the records array in a response (default: the response itself, or `items`/`data`). */
  itemsPath?: string;
  /** Dot path of the next cursor in a response (mode 'cursor'). */
  nextPath?: string;
  /** Query parameter that asks for records changed since the last poll (e.g. `updatedSince`). */
  sinceParam?: string;
  /** Stop after this many pages in one poll. */
  maxPages?: number;
}

/** A portal's JSON feed of one of the two lists, pulled on a schedule. */
export const feeds = pgTable('feeds', {
  id: id(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<ListKind>().notNull(),
  /** The source name records are ingested under (their external ids are unique within it). */
  source: text('source').notNull(),
  url: text('url').notNull(),
  paging: jsonb('paging').$type<FeedPaging>().notNull().default({ mode: 'none' }),
  /** Dot path of the external id within a record (default `id`). */
  idPath: text('id_path').notNull().default('id'),
  active: boolean('active').notNull().default(true),
  intervalMinutes: integer('interval_minutes').notNull().default(60),
  /** Validators and cursor from the last successful poll, so polling again fetches only what changed. */
  etag: text('etag'),
  lastModified: text('last_modified'),
  cursor: text('cursor'),
  /** When the last successful poll started: sent as `sinceParam` next time. */
  lastPolledAt: timestamp('last_polled_at', { withTimezone: true }),
  lastBatchId: uuid('last_batch_id').references(() => ingestBatches.id, { onDelete: 'set null' }),
  lastError: text('last_error'),
  createdAt: createdAt(),
});
