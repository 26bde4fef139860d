import { sql } from 'drizzle-orm';
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
import type { Role } from '../../domain';
import { createdAt, id } from './columns';
import { employers } from './employers';
import { facilities } from './facilities';
import { portals } from './portals';
import { regions } from './regions';

/**
 * Whoever holds keys or signs in: a bureau office, a facility, an organizer, an employer, a portal, an admin.
 * A person who signs in to the console has a username and a password (argon2id); machines have only keys.
 */
export const users = pgTable(
  'users',
  {
    id: id(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    /** Scope: a bureau sees this region and its sub-regions. */
    regionCode: varchar('region_code', { length: 6 }).references(() => regions.code),
    facilityId: uuid('facility_id').references(() => facilities.id),
    employerId: uuid('employer_id').references(() => employers.id),
    portalId: uuid('portal_id').references(() => portals.id),
    /** Unique regardless of case (`Bureau` and `bureau` are one name); null for machine-only users. */
    username: text('username'),
    /** An argon2id PHC string; null until an account is set up. */
    passwordHash: text('password_hash'),
    /** The next sign-in must set a new password first (initial and reset passwords). */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    /** A disabled account cannot sign in and its sessions are gone; its keys are revoked separately. */
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_lower_uq').on(sql`lower(${t.username})`)],
);

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

/**
 * A signed-in person's session. The cookie carries a random token; only its SHA-256 is stored, so a copy of
 * this table signs nobody in. Deleting the row signs the session out everywhere at once.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    /** Touched at most once a minute; the idle timeout counts from here. */
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** The absolute end (created + 12 h), however active the session is. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    userAgent: text('user_agent'),
    address: text('address'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins counted per account name (`account:<lowercased username>`, whether or not it exists, so
 * the answers never tell a real name from an unknown one) and per client address (`address:<ip>`).
 */
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
  /** Attempts before this time are refused (429) without looking at the password. */
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
  /** Locked until an admin unlocks it (423). */
  lockedAt: timestamp('locked_at', { withTimezone: true }),
});
