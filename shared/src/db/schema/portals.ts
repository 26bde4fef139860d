import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, emptyTextArray, id } from './columns';
import { posts } from './posts';
import { regions } from './regions';

/** A regional employment website or app (e.g. 湘就业) that receives posts. */
export const portals = pgTable('portals', {
  id: id(),
  name: text('name').notNull().unique(),
  regionCode: varchar('region_code', { length: 6 })
    .notNull()
    .references(() => regions.code),
  createdAt: createdAt(),
});

export const portalSubscriptions = pgTable('portal_subscriptions', {
  id: id(),
  portalId: uuid('portal_id')
    .notNull()
    .references(() => portals.id, { onDelete: 'cascade' }),
  targetUrl: text('target_url'),
  regionCodes: text('region_codes').array().notNull().default(emptyTextArray),
  occupationCodes: text('occupation_codes').array().notNull().default(emptyTextArray),
  format: text('format').$type<'json'>().notNull().default('json'),
  /** The HMAC signing secret, encrypted at rest (it must be recoverable to sign); shown once on creation. */
  signingSecretEnc: text('signing_secret_enc').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed' | 'dead';

/** One push of one post version to one subscription. The idempotency key makes a repeat a no-op. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: id(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => portalSubscriptions.id, { onDelete: 'cascade' }),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    postVersion: integer('post_version').notNull(),
    kind: text('kind').$type<'new' | 'update' | 'withdrawal'>().notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /**
     * The event body as decided when the delivery was created (allow-listed post fields, never personal
     * data): every retry and the pull feed send the same bytes for the same idempotency key.
     */
    payload: jsonb('payload'),
    /**
     * Order of creation, per subscription the pull feed's cursor. Push runs of one subscription hold an
     * advisory lock until commit, so a feed reader never sees a later number before an earlier one.
     */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deliveries_idempotency_uq').on(t.idempotencyKey),
    index('deliveries_subscription_status_idx').on(t.subscriptionId, t.status),
    index('deliveries_subscription_post_idx').on(t.subscriptionId, t.postId, t.seq),
    index('deliveries_subscription_seq_idx').on(t.subscriptionId, t.seq),
    // What the retry sweeper scans: failed rows waiting for their time, and leases of workers that died.
    index('deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('failed', 'delivering')`),
  ],
);
