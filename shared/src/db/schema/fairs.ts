import { sql } from 'drizzle-orm';
import {
  date,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { employers } from './employers';
import { people } from './people';
import { posts } from './posts';
import { regions } from './regions';

/** 就业推介会 / 专场招聘. */
export const jobFairs = pgTable('job_fairs', {
  id: id(),
  name: text('name').notNull(),
  heldOn: date('held_on').notNull(),
  venue: text('venue').notNull(),
  regionCode: varchar('region_code', { length: 6 }).references(() => regions.code),
  /** The organizer user who owns the fair. */
  organizerId: uuid('organizer_id').notNull(),
  status: text('status').$type<'planned' | 'held' | 'cancelled'>().notNull().default('planned'),
  /**
   * Set when a bureau of the fair's region (or an admin) approves it; until then nobody can be invited. A
   * fair a bureau or an admin creates is approved by its creator.
   */
  approvedAt: timestamp('approved_at', { withTimezone: true }),
  approvedBy: uuid('approved_by'),
  /** Facilities whose consenting people may be invited although they live outside the fair's region. */
  partnerFacilityIds: uuid('partner_facility_ids').array().notNull().default(sql`'{}'::uuid[]`),
  createdAt: createdAt(),
});

export const fairEmployers = pgTable(
  'fair_employers',
  {
    fairId: uuid('fair_id')
      .notNull()
      .references(() => jobFairs.id, { onDelete: 'cascade' }),
    employerId: uuid('employer_id')
      .notNull()
      .references(() => employers.id),
    booth: text('booth'),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.employerId] })],
);

export const fairPosts = pgTable(
  'fair_posts',
  {
    fairId: uuid('fair_id')
      .notNull()
      .references(() => jobFairs.id, { onDelete: 'cascade' }),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.postId] })],
);

export const fairParticipants = pgTable(
  'fair_participants',
  {
    fairId: uuid('fair_id')
      .notNull()
      .references(() => jobFairs.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    invitedAt: timestamp('invited_at', { withTimezone: true }).notNull().defaultNow(),
    /** How the person came to be invited: 'manual' or the rule's description. */
    invitedBy: text('invited_by').notNull().default('manual'),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.personId] })],
);

/** A generated shortlist: one row per (post, person) the assignment chose. */
export const fairShortlists = pgTable(
  'fair_shortlists',
  {
    fairId: uuid('fair_id')
      .notNull()
      .references(() => jobFairs.id, { onDelete: 'cascade' }),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    score: doublePrecision('score').notNull(),
    rank: integer('rank').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.fairId, t.postId, t.personId] })],
);
