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

/** A post's filtered columns as the memory index holds them (names as in `posts` and `employers`). */
export interface PostRow {
  status: string;
  headcount: number;
  filledCount: number;
  /** ISO date. */
  validTo: string | null;
  regionCode: string;
  fairChance: boolean;
  requiredCertificates: string[];
  requiredSkills: string[];
  minEducation: string | null;
  ageMin: number | null;
  ageMax: number | null;
  ageMaxMale: number | null;
  ageMaxFemale: number | null;
}

/** A person's filtered columns as the memory index holds them (names as in `people`). */
export interface PersonRow {
  status: string;
  consent: boolean;
  reachCodes: string[];
  certificates: string[];
  skills: string[];
  statusCategory: string | null;
  education: string | null;
  birthYear: number | null;
  gender: string | null;
  /** ISO date. */
  availableFrom: string | null;
}

/** One condition in both forms. */
export interface Filter<Row> {
  sql: SQL;
  test: (row: Row) => boolean;
  /**
   * The location condition on the memory index's key (a post's region code; each of a person's reach codes):
   * a row passes only when one of its keys does, so the index tests only rows under keys that pass.
   */
  keyTest?: (key: string) => boolean;
}

function allOf<Row>(parts: Filter<Row>[], keyTest?: (key: string) => boolean): Filter<Row> {
  const tests = parts.map((p) => p.test);
  return {
    ...(keyTest ? { keyTest } : {}),
    sql: sql.join(
      parts.map((p) => p.sql),
      sql` and `,
    ),
    test: (row) => {
      for (const t of tests) if (!t(row)) return false;
      return true;
    },
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
const needsFairChance = (category: string | null) =>
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
  const inRanges =
    ranges &&
    ((code: string) => {
      for (const [lo, hi] of ranges) if (code >= lo && code <= hi) return true;
      return false;
    });
  if (inRanges) {
    parts.push({
      sql: sql`(${sql.join(
        ranges.map(([lo, hi]) => sql`p.region_code between ${lo} and ${hi}`),
        sql` or `,
      )})`,
      test: (p) => inRanges(p.regionCode),
    });
  }
  parts.push(
    { sql: sql`p.status = 'open'`, test: (p) => p.status === 'open' },
    { sql: sql`p.filled_count < p.headcount`, test: (p) => p.filledCount < p.headcount },
    {
      sql: sql`(p.valid_to is null or p.valid_to >= ${today}::date)`,
      test: (p) => p.validTo === null || p.validTo >= today,
    },
  );
  if (needsFairChance(person.statusCategory))
    parts.push({ sql: sql`em.fair_chance`, test: (p) => p.fairChance });
  if (!options.ignoreItems) {
    const { certificates, skills } = person;
    parts.push(
      {
        sql: sql`p.required_certificates <@ ${textArray(certificates)}`,
        test: (p) => containsAll(certificates, p.requiredCertificates),
      },
      {
        sql: sql`p.required_skills <@ ${textArray(skills)}`,
        test: (p) => containsAll(skills, p.requiredSkills),
      },
    );
  }
  if (person.education) {
    const levels: readonly string[] = educationUpTo(person.education);
    parts.push({
      sql: sql`(p.min_education is null or p.min_education = any(${textArray(levels)}))`,
      test: (p) => p.minEducation === null || levels.includes(p.minEducation),
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
    parts.push({
      sql: sql`(p.valid_to is null or p.valid_to >= ${availableFrom}::date)`,
      test: (p) => p.validTo === null || p.validTo >= availableFrom,
    });
  }
  return allOf(parts, inRanges ?? undefined);
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
      test: (p) => !needsFairChance(p.statusCategory),
    });
  }
  if (post.minEducation) {
    const levels: readonly string[] = educationAtLeast(post.minEducation);
    parts.push({
      sql: sql`p.education = any(${textArray(levels)})`,
      test: (p) => p.education !== null && levels.includes(p.education),
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
    const [male, female, unknown] = limits.map((l) => (l === null ? 1000 : l)) as [number, number, number];
    const maxFor = (gender: string | null) =>
      gender === 'male' ? male : gender === 'female' ? female : unknown;
    parts.push({
      sql: sql`p.birth_year >= ${year} - (case p.gender when 'male' then ${male}::int
                   when 'female' then ${female}::int else ${unknown}::int end)`,
      test: (p) => p.birthYear !== null && p.birthYear >= year - maxFor(p.gender),
    });
  }
  const validTo = post.validTo;
  if (validTo) {
    parts.push({
      sql: sql`(p.available_from is null or p.available_from <= ${validTo}::date)`,
      test: (p) => p.availableFrom === null || p.availableFrom <= validTo,
    });
  }
  return allOf(parts, isAccepted);
}
