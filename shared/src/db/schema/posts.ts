import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import type { Education, PostStatus, PostType } from '../../domain';
import { createdAt, emptyTextArray, id, rowXid, updatedAt } from './columns';
import { employers } from './employers';
import { occupations } from './occupations';
import { regions } from './regions';

/** 岗位供给清单: one row per post, however many sources carry it (see post_sources). */
export const posts = pgTable(
  'posts',
  {
    id: id(),
    employerId: uuid('employer_id')
      .notNull()
      .references(() => employers.id),
    occupationCode: varchar('occupation_code', { length: 16 }).references(() => occupations.code),
    /** How sure title → occupation is (1 dictionary name … 0 unknown); below 0.75 it awaits review. */
    occupationConfidence: real('occupation_confidence'),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    requiredSkills: text('required_skills').array().notNull().default(emptyTextArray),
    requiredCertificates: text('required_certificates').array().notNull().default(emptyTextArray),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    /** Per-gender upper limits, only where the post states them (男55女50岁以下). */
    ageMaxMale: integer('age_max_male'),
    ageMaxFemale: integer('age_max_female'),
    minEducation: text('min_education').$type<Education>(),
    headcount: integer('headcount').notNull(),
    filledCount: integer('filled_count').notNull().default(0),
    /** Monthly pay range in yuan; null when 面议. */
    payMin: integer('pay_min'),
    payMax: integer('pay_max'),
    /** The pay as the source wrote it. */
    payText: text('pay_text'),
    /** 计件 (piece) or 提成 (commission) pay; payMin is then the floor when one is given. null: time-based. */
    payKind: text('pay_kind').$type<'piece' | 'commission'>(),
    accommodation: boolean('accommodation').notNull().default(false),
    meals: boolean('meals').notNull().default(false),
    regionCode: varchar('region_code', { length: 6 })
      .notNull()
      .references(() => regions.code),
    /** The township (乡镇/街道) within the post's county when a list names one: 9 digits (county + 3). */
    townCode: varchar('town_code', { length: 9 }),
    postType: text('post_type').$type<PostType>().notNull().default('regular'),
    status: text('status').$type<PostStatus>().notNull().default('open'),
    validFrom: date('valid_from'),
    validTo: date('valid_to'),
    /** Hash of the fields a portal or the matcher cares about; bumps `version` when it changes. */
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rowXid: rowXid(),
  },
  (t) => [
    index('posts_row_xid_idx').on(t.rowXid),
    check('posts_headcount_positive', sql`${t.headcount} > 0`),
    check('posts_filled_range', sql`${t.filledCount} >= 0`),
    index('posts_region_idx').on(t.regionCode),
    // An employer's posts; and the same (employer, title, place) from another source (ingest's dedup).
    index('posts_employer_title_region_idx').on(t.employerId, t.title, t.regionCode),
    index('posts_occupation_idx').on(t.occupationCode),
    index('posts_open_idx').on(t.status, t.regionCode),
  ],
);

/** Where a post was seen: the same post from two portals is one post with two sources. */
export const postSources = pgTable(
  'post_sources',
  {
    id: id(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** The record as received, for audit and re-normalization. */
    raw: jsonb('raw'),
    /** Hash of this source's last normalized record: unchanged here means nothing to do, whatever others say. */
    contentHash: text('content_hash'),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('post_sources_source_external_uq').on(t.source, t.externalId),
    index('post_sources_post_idx').on(t.postId),
  ],
);
