import { index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { Role } from '../../domain';
import { createdAt, id } from './columns';
import { employers } from './employers';
import { facilities } from './facilities';
import { portals } from './portals';
import { regions } from './regions';

/** Whoever holds keys: a bureau office, a facility, an organizer, an employer, a portal, an admin. */
export const users = pgTable('users', {
  id: id(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  /** Scope: a bureau sees this region and its sub-regions. */
  regionCode: varchar('region_code', { length: 6 }).references(() => regions.code),
  facilityId: uuid('facility_id').references(() => facilities.id),
  employerId: uuid('employer_id').references(() => employers.id),
  portalId: uuid('portal_id').references(() => portals.id),
  createdAt: createdAt(),
});

/** API keys are stored as a hash; the plain key is shown once. `prefix` finds the row without a scan. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    prefix: text('prefix').notNull().unique(),
    keyHash: text('key_hash').notNull(),
    label: text('label').notNull().default(''),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('api_keys_user_idx').on(t.userId)],
);
