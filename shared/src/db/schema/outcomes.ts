import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { PlacementType } from '../../domain';
import { createdAt, id } from './columns';
import { employers } from './employers';
import { jobFairs } from './fairs';
import { people } from './people';
import { posts } from './posts';
import { regions } from './regions';

/** 意向性就业协议书: a letter of intent, usually signed at a fair. */
export const intents = pgTable(
  'intents',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    fairId: uuid('fair_id').references(() => jobFairs.id),
    signedOn: date('signed_on').notNull(),
    status: text('status').$type<'signed' | 'cancelled' | 'fulfilled'>().notNull().default('signed'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('intents_person_post_uq').on(t.personId, t.postId),
    index('intents_signed_idx').on(t.signedOn),
  ],
);

/** 就业安置. `regionCode` is the person's origin at placement time, so rates stay reproducible after erasure. */
export const placements = pgTable(
  'placements',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    postId: uuid('post_id').references(() => posts.id),
    employerId: uuid('employer_id').references(() => employers.id),
    type: text('type').$type<PlacementType>().notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    regionCode: varchar('region_code', { length: 6 })
      .notNull()
      .references(() => regions.code),
    createdAt: createdAt(),
  },
  (t) => [index('placements_start_idx').on(t.startDate), index('placements_person_idx').on(t.personId)],
);

/** Retention checks at 1, 3 and 6 months (3 months decides subsidies). */
export const retentionChecks = pgTable(
  'retention_checks',
  {
    id: id(),
    placementId: uuid('placement_id')
      .notNull()
      .references(() => placements.id, { onDelete: 'cascade' }),
    months: integer('months').$type<1 | 3 | 6>().notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    stillEmployed: boolean('still_employed').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('retention_checks_placement_months_uq').on(t.placementId, t.months)],
);
