/**
 * The hard rules restated as filters, so retrieval only returns pairs that can pass. Each condition is
 * written twice, side by side: as SQL on the owner row (`p`, and `em` for a post's employer) for the
 * database's search, and as a test on the same columns held in memory (retrieval/memory-index.ts). A test
 * proves the two select the same rows. Wherever a rule is awkward here the filter is looser than the rule,
 * never stricter: ranking/constraints.ts still decides.
 */
import {
  type Education,
  educationLevels,
  educationRank,
  fairChanceCategories,
  type StatusCategory,
} from '@qihang/shared/domain/index';
import { type SQL, sql } from 'drizzle-orm';
import { ageLimit } from '../ranking/constraints';
import { postRegionAncestors, reachOf, regionRanges } from '../ranking/location';
import type { MatchPerson, MatchPost } from '../ranking/types';
import { textArray } from '../sql';

/*
 * The memory index holds rows compactly, so a test reads small numbers stored in the row itself instead of
 * following pointers to strings and arrays (a search tests tens of thousands of rows; each pointer followed
 * is a likely cache miss): dates as YYYYMMDD numbers, region codes as numbers, education as its rank (an
 * unknown value as UNKNOWN_RANK, which no rule accepts), empty lists as null, and the few fixed strings as
 * the literals themselves.
 */

/** A post's filtered columns as the memory index holds them (names as in `posts` and `employers`). */
export interface PostRow {
  status: 'open' | 'other';
  headcount: number;
  filledCount: number;
  validTo: number | null;
  regionCode: number;
  fairChance: boolean;
  requiredCertificates: string[] | null;
  requiredSkills: string[] | null;
  minEducation: number | null;
  ageMin: number | null;
  ageMax: number | null;
  ageMaxMale: number | null;
  ageMaxFemale: number | null;
}

/** A person's filtered columns as the memory index holds them (names as in `people`). */
export interface PersonRow {
  status: 'active' | 'other';
  consent: boolean;
  reachCodes: string[];
  certificates: string[];
  skills: string[];
  /** Their status category is one the fair-chance rule protects. */
  needsFairChance: boolean;
  education: number | null;
  birthYear: number | null;
  gender: 'male' | 'female' | null;
  availableFrom: number | null;
}

/** An education level's rank for the memory index; one that is not a level never passes a rule. */
export const UNKNOWN_RANK = 99;
export const rankOf = (education: string | null): number | null =>
  education === null
    ? null
    : (educationLevels as readonly string[]).includes(education)
      ? educationRank(education as Education)
      : UNKNOWN_RANK;
/** YYYY-MM-DD → YYYYMMDD, which orders the same. */
export const dateNumber = (iso: string): number =>
  iso === 'infinity'
    ? Number.POSITIVE_INFINITY
    : iso === '-infinity'
      ? Number.NEGATIVE_INFINITY
      : Number(iso.slice(0, 4)) * 10_000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));

/** One condition in both forms. */
export interface Filter<Row> {
  sql: SQL;
  test: (row: Row) => boolean;
  /**
   * The location condition on the memory index's key (a post's region code; each of a person's reach codes):
   * a row passes only when one of its keys does, so the index tests only rows under keys that pass.
   */
  keyTest?: (key: string) => boolean;
  /** `test` without the location condition: for rows found under keys that passed keyTest. */
  restTest?: (row: Row) => boolean;
}

function every<Row>(tests: ((row: Row) => boolean)[]) {
  return (row: Row) => {
    for (const t of tests) if (!t(row)) return false;
    return true;
  };
}

/** All the conditions; with `location` (the first part) also as keyTest + restTest. */
function allOf<Row>(parts: Filter<Row>[], location?: { keyTest: (key: string) => boolean }): Filter<Row> {
  const tests = parts.map((p) => p.test);
  return {
    ...(location ? { keyTest: location.keyTest, restTest: every(tests.slice(1)) } : {}),
    sql: sql.join(
      parts.map((p) => p.sql),
      sql` and `,
    ),
    test: every(tests),
  };
}

// The in-memory tests run for every held row a search looks at: plain loops, nothing allocated.
function containsAll(have: readonly string[], wanted: readonly string[]): boolean {
  for (const w of wanted) if (!have.includes(w)) return false;
  return true;
}
/** PostgreSQL's least() ignores nulls; null only when both are. */
const least = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

const educationAtLeast = (min: Education) =>
  educationLevels.filter((e) => educationRank(e) >= educationRank(min));
const educationUpTo = (have: Education) =>
  educationLevels.filter((e) => educationRank(e) <= educationRank(have));
export const needsFairChance = (category: string | null) =>
  category !== null && fairChanceCategories.includes(category as StatusCategory);

export interface PostFilterOptions {
  /** Leave out the certificate and skill conditions (near-miss search wants posts missing one). */
  ignoreItems?: boolean;
}

/** Posts a person can take. */
export function postFiltersFor(
  person: MatchPerson,
  today: string,
  options: PostFilterOptions = {},
): Filter<PostRow> {
  const parts: Filter<PostRow>[] = [];
  // The location first: it is the condition that rules out most rows, and the in-memory test stops early.
  const ranges = regionRanges(reachOf(person));
  const numeric = ranges?.map(([lo, hi]) => [Number(lo), Number(hi)] as const);
  const inRanges =
    numeric &&
    ((code: number) => {
      for (const [lo, hi] of numeric) if (code >= lo && code <= hi) return true;
      return false;
    });
  if (ranges && inRanges) {
    parts.push({
      sql: sql`(${sql.join(
        ranges.map(([lo, hi]) => sql`p.region_code between ${lo} and ${hi}`),
        sql` or `,
      )})`,
      test: (p) => inRanges(p.regionCode),
    });
  }
  const todayNumber = dateNumber(today);
  parts.push(
    { sql: sql`p.status = 'open'`, test: (p) => p.status === 'open' },
    { sql: sql`p.filled_count < p.headcount`, test: (p) => p.filledCount < p.headcount },
    {
      sql: sql`(p.valid_to is null or p.valid_to >= ${today}::date)`,
      test: (p) => p.validTo === null || p.validTo >= todayNumber,
    },
  );
  if (needsFairChance(person.statusCategory))
    parts.push({ sql: sql`em.fair_chance`, test: (p) => p.fairChance });
  if (!options.ignoreItems) {
    const { certificates, skills } = person;
    parts.push(
      {
        sql: sql`p.required_certificates <@ ${textArray(certificates)}`,
        test: (p) => p.requiredCertificates === null || containsAll(certificates, p.requiredCertificates),
      },
      {
        sql: sql`p.required_skills <@ ${textArray(skills)}`,
        test: (p) => p.requiredSkills === null || containsAll(skills, p.requiredSkills),
      },
    );
  }
  if (person.education) {
    const levels: readonly string[] = educationUpTo(person.education);
    const have = educationRank(person.education);
    parts.push({
      sql: sql`(p.min_education is null or p.min_education = any(${textArray(levels)}))`,
      test: (p) => p.minEducation === null || p.minEducation <= have,
    });
  } else {
    parts.push({ sql: sql`p.min_education is null`, test: (p) => p.minEducation === null });
  }
  if (person.birthYear !== null) {
    const years = Number(today.slice(0, 4)) - person.birthYear;
    const gender = person.gender;
    const genderMax =
      gender === 'male'
        ? sql`p.age_max_male`
        : gender === 'female'
          ? sql`p.age_max_female`
          : sql`least(p.age_max_male, p.age_max_female)`;
    const genderMaxOf = (p: PostRow) =>
      gender === 'male'
        ? p.ageMaxMale
        : gender === 'female'
          ? p.ageMaxFemale
          : least(p.ageMaxMale, p.ageMaxFemale);
    parts.push(
      {
        sql: sql`(p.age_min is null or p.age_min <= ${years})`,
        test: (p) => p.ageMin === null || p.ageMin <= years,
      },
      {
        sql: sql`coalesce(least(p.age_max, ${genderMax}), 1000) >= ${years}`,
        test: (p) => (least(p.ageMax, genderMaxOf(p)) ?? 1000) >= years,
      },
    );
  }
  const availableFrom = person.availableFrom;
  if (availableFrom) {
    const from = dateNumber(availableFrom);
    parts.push({
      sql: sql`(p.valid_to is null or p.valid_to >= ${availableFrom}::date)`,
      test: (p) => p.validTo === null || p.validTo >= from,
    });
  }
  return allOf(parts, inRanges ? { keyTest: (key) => inRanges(Number(key)) } : undefined);
}

/** People who may be shown to a post's employer. */
export function personFiltersFor(post: MatchPost, today: string): Filter<PersonRow> {
  // people.reach_codes is the location rule as codes (see the schema); '*' is anywhere. GIN-indexed.
  const accepted = [...postRegionAncestors(post.regionCode), '*'];
  const isAccepted = (code: string) => accepted.includes(code);
  const parts: Filter<PersonRow>[] = [
    {
      sql: sql`p.reach_codes && ${textArray(accepted)}`,
      test: (p) => {
        for (const code of p.reachCodes) if (isAccepted(code)) return true;
        return false;
      },
    },
    { sql: sql`p.status = 'active'`, test: (p) => p.status === 'active' },
    // Consent is a history (person_consents); its latest employer_matching record is kept in this column.
    { sql: sql`p.employer_matching_consent`, test: (p) => p.consent },
  ];
  // Only what the post requires: an empty requirement holds for everyone, and as `@> '{}'` it would tempt
  // the planner into reading the whole GIN index.
  const { requiredCertificates, requiredSkills } = post;
  if (requiredCertificates.length > 0)
    parts.push({
      sql: sql`p.certificates @> ${textArray(requiredCertificates)}`,
      test: (p) => containsAll(p.certificates, requiredCertificates),
    });
  if (requiredSkills.length > 0)
    parts.push({
      sql: sql`p.skills @> ${textArray(requiredSkills)}`,
      test: (p) => containsAll(p.skills, requiredSkills),
    });
  if (!post.employerFairChance) {
    parts.push({
      sql: sql`(p.status_category is null or not (p.status_category = any(${textArray(fairChanceCategories)})))`,
      test: (p) => !p.needsFairChance,
    });
  }
  if (post.minEducation) {
    const levels: readonly string[] = educationAtLeast(post.minEducation);
    const min = educationRank(post.minEducation);
    parts.push({
      sql: sql`p.education = any(${textArray(levels)})`,
      test: (p) => p.education !== null && p.education >= min && p.education !== UNKNOWN_RANK,
    });
  }
  const year = Number(today.slice(0, 4));
  const ageMin = post.ageMin;
  if (ageMin !== null) {
    parts.push({
      sql: sql`p.birth_year <= ${year - ageMin}`,
      test: (p) => p.birthYear !== null && p.birthYear <= year - ageMin,
    });
  }
  const limits = (['male', 'female', null] as const).map((gender) => ageLimit({ gender }, post).max);
  if (limits.some((l) => l !== null)) {
    // Only the limit that applies to the person's gender counts: with none for them, an unknown birth year
    // passes, as it does the age rule.
    const [male, female, unknown] = limits;
    const maxFor = (gender: string | null) =>
      gender === 'male' ? male : gender === 'female' ? female : unknown;
    const limit = sql`(case p.gender when 'male' then ${male ?? null}::int
                   when 'female' then ${female ?? null}::int else ${unknown ?? null}::int end)`;
    parts.push({
      sql: sql`(${limit} is null or p.birth_year >= ${year} - ${limit})`,
      test: (p) => {
        const max = maxFor(p.gender) ?? null;
        return max === null || (p.birthYear !== null && p.birthYear >= year - max);
      },
    });
  }
  const validTo = post.validTo;
  if (validTo) {
    const until = dateNumber(validTo);
    parts.push({
      sql: sql`(p.available_from is null or p.available_from <= ${validTo}::date)`,
      test: (p) => p.availableFrom === null || p.availableFrom <= until,
    });
  }
  return allOf(parts, { keyTest: isAccepted });
}
