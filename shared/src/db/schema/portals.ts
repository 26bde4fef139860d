import {
  boolean,
  index,
  integer,
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
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('deliveries_idempotency_uq').on(t.idempotencyKey),
    index('deliveries_subscription_status_idx').on(t.subscriptionId, t.status),
  ],
);
