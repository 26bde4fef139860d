import { sql } from 'drizzle-orm';
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
import type {
  ConsentPurpose,
  Education,
  Gender,
  PersonStatus,
  StatusCategory,
  StayLocalReason,
} from '../../domain';
import { createdAt, emptyTextArray, id, rowXid, updatedAt } from './columns';
import { facilities } from './facilities';
import { regions } from './regions';

/**
 * 求职需求清单: one row per job-seeker. Personal data (name, phone, ID hash, status category, free text) is
 * nulled on erasure; the row itself stays so anonymous counts (origin, dates, placement) remain reproducible.
 */
export const people = pgTable(
  'people',
  {
    id: id(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    /** Keyed hash (HMAC-SHA256) of the ID number, for dedup; the number itself is never stored. */
    idNumberHash: text('id_number_hash'),
    name: text('name'),
    phone: text('phone'),
    gender: text('gender').$type<Gender>(),
    birthYear: integer('birth_year'),
    education: text('education').$type<Education>(),
    /** Sensitive: decides fair-chance matching; never returned to employers or logged. */
    statusCategory: text('status_category').$type<StatusCategory>(),
    originRegionCode: varchar('origin_region_code', { length: 6 })
      .notNull()
      .references(() => regions.code),
    /** The township (乡镇/街道) within the origin county when a list names one: 9 digits (county + 3). */
    originTownCode: varchar('origin_town_code', { length: 9 }),
    currentRegionCode: varchar('current_region_code', { length: 6 }).references(() => regions.code),
    currentTownCode: varchar('current_town_code', { length: 9 }),
    facilityId: uuid('facility_id').references(() => facilities.id),
    skills: text('skills').array().notNull().default(emptyTextArray),
    certificates: text('certificates').array().notNull().default(emptyTextArray),
    workHistory: text('work_history').notNull().default(''),
    /** 2022 occupation codes. */
    desiredOccupations: text('desired_occupations').array().notNull().default(emptyTextArray),
    /** Region codes at any level; a city accepts all its districts. */
    acceptableRegionCodes: text('acceptable_region_codes').array().notNull().default(emptyTextArray),
    willingToRelocate: boolean('willing_to_relocate').notNull().default(false),
    /** null: not known (a list left 是否愿意培训 blank) — not counted as willing, and not as unwilling. */
    willingToTrain: boolean('willing_to_train').default(false),
    /** Set when the person cannot work far from home (then only posts near the origin count). */
    mustStayLocalReason: text('must_stay_local_reason').$type<StayLocalReason>(),
    /** Expected monthly pay in yuan (lower bound), when stated. */
    expectedPayMin: integer('expected_pay_min'),
    /** E.g. the release date (出所日期). */
    availableFrom: date('available_from'),
    /**
     * Where the person would work, as region codes a post's region or one of its ancestors must meet ('*':
     * anywhere) — the matcher's location rule (ranking/location.ts) in a form a GIN index answers:
     * must stay local → the home county; listed regions → those; willing to relocate → anywhere; else the
     * home city. Derived by the database, so every writer keeps it right.
     */
    reachCodes: text('reach_codes')
      .array()
      .notNull()
      .generatedAlwaysAs(
        sql`case when must_stay_local_reason is not null then array[origin_region_code::text]
          when cardinality(acceptable_region_codes) > 0 then acceptable_region_codes
          when willing_to_relocate then array['*']
          when origin_region_code like '%00' then array[origin_region_code::text]
          else array[left(origin_region_code, 4) || '00'] end`,
      ),
    /**
     * The latest employer_matching consent (a withdrawal recorded at the same instant wins), kept by triggers
     * on person_consents (migration 0006) so the matcher's filter reads a column instead of the history.
     * Never written by the application; person_consents stays the record.
     */
    employerMatchingConsent: boolean('employer_matching_consent').notNull().default(false),
    status: text('status').$type<PersonStatus>().notNull().default('active'),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rowXid: rowXid(),
  },
  (t) => [
    index('people_row_xid_idx').on(t.rowXid),
    uniqueIndex('people_source_external_uq').on(t.source, t.externalId),
    uniqueIndex('people_id_hash_uq').on(t.idNumberHash),
    index('people_origin_idx').on(t.originRegionCode),
    index('people_reach_idx').using('gin', t.reachCodes),
    // A post's required certificates/skills (`@>`), ANDed with the reach by the planner.
    index('people_certificates_idx').using('gin', t.certificates),
    index('people_skills_idx').using('gin', t.skills),
    index('people_facility_idx').on(t.facilityId),
    index('people_created_idx').on(t.createdAt),
  ],
);

/** Consent is a history, not a flag: the latest record per (person, purpose) decides. */
export const personConsents = pgTable(
  'person_consents',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<ConsentPurpose>().notNull(),
    granted: boolean('granted').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    /** The user who recorded it (facility staff, bureau staff). */
    recordedBy: uuid('recorded_by'),
    /** Where the signed form is kept, e.g. 档案号. */
    evidence: text('evidence'),
  },
  (t) => [index('person_consents_person_idx').on(t.personId, t.purpose, t.recordedAt)],
);

/**
 * Where a person was listed: one row per (source, external id). The same person from two lists (found by
 * the keyed ID-number hash) is one person with two sources. `contentHash` is of that source's last record,
 * so a re-upload that changes nothing is recognised without touching the person.
 */
export const personSources = pgTable(
  'person_sources',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    contentHash: text('content_hash').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('person_sources_source_external_uq').on(t.source, t.externalId),
    index('person_sources_person_idx').on(t.personId),
  ],
);
