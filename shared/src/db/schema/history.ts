import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { people } from './people';
import { posts } from './posts';

/**
 * What the 四个底数 read of a person, one row per change (database triggers write them; see migration 0010):
 * the figures for a past date read the version in force then, so a later change of preferences does not
 * rewrite a past figure. Holds nothing personal (the same fields erasure keeps).
 */
export const peopleVersions = pgTable(
  'people_versions',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** From when this version holds: the registration time for the first, the change's time after. */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    originRegionCode: varchar('origin_region_code', { length: 6 }).notNull(),
    acceptableRegionCodes: text('acceptable_region_codes').array().notNull(),
    willingToRelocate: boolean('willing_to_relocate').notNull(),
    willingToTrain: boolean('willing_to_train'),
    desiredOccupations: text('desired_occupations').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.recordedAt] }),
    index('people_versions_origin_idx').on(t.originRegionCode),
  ],
);

/** The same for posts: status, headcount, fill and validity as they stood at each change. */
export const postsVersions = pgTable(
  'posts_versions',
  {
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    regionCode: varchar('region_code', { length: 6 }).notNull(),
    occupationCode: varchar('occupation_code', { length: 16 }),
    status: text('status').notNull(),
    headcount: integer('headcount').notNull(),
    filledCount: integer('filled_count').notNull(),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
  },
  (t) => [
    primaryKey({ columns: [t.postId, t.recordedAt] }),
    index('posts_versions_region_idx').on(t.regionCode),
  ],
);
