/**
 * The hard rules restated as SQL, so the index scan only returns pairs that can pass. Wherever a rule is
 * awkward in SQL the filter is looser than the rule, never stricter: ranking/constraints.ts still decides.
 */
import { educationLevels, educationRank, fairChanceCategories } from '@qihang/shared/domain/index';
import { type SQL, sql } from 'drizzle-orm';
import { ageLimit } from '../ranking/constraints';
import { postRegionAncestors, reachOf, regionRanges } from '../ranking/location';
import type { MatchPerson, MatchPost } from '../ranking/types';
import { textArray } from '../sql';

const educationAtLeast = (min: MatchPost['minEducation'] & string) =>
  educationLevels.filter((e) => educationRank(e) >= educationRank(min));
const educationUpTo = (have: MatchPerson['education'] & string) =>
  educationLevels.filter((e) => educationRank(e) <= educationRank(have));

export interface PostFilterOptions {
  /** Leave out the certificate and skill conditions (near-miss search wants posts missing one). */
  ignoreItems?: boolean;
}

/** Conditions on `p` (posts) and `em` (employers) for posts a person can take. */
export function postFiltersFor(person: MatchPerson, today: string, options: PostFilterOptions = {}): SQL {
  const parts: SQL[] = [
    sql`p.status = 'open'`,
    sql`p.filled_count < p.headcount`,
    sql`(p.valid_to is null or p.valid_to >= ${today}::date)`,
  ];
  const ranges = regionRanges(reachOf(person));
  if (ranges) {
    const each = ranges.map(([lo, hi]) => sql`p.region_code between ${lo} and ${hi}`);
    parts.push(sql`(${sql.join(each, sql` or `)})`);
  }
  if (person.statusCategory && fairChanceCategories.includes(person.statusCategory)) {
    parts.push(sql`em.fair_chance`);
  }
  if (!options.ignoreItems) {
    parts.push(sql`p.required_certificates <@ ${textArray(person.certificates)}`);
    parts.push(sql`p.required_skills <@ ${textArray(person.skills)}`);
  }
  parts.push(
    person.education
      ? sql`(p.min_education is null or p.min_education = any(${textArray(educationUpTo(person.education))}))`
      : sql`p.min_education is null`,
  );
  if (person.birthYear !== null) {
    const years = Number(today.slice(0, 4)) - person.birthYear;
    const genderMax =
      person.gender === 'male'
        ? sql`p.age_max_male`
        : person.gender === 'female'
          ? sql`p.age_max_female`
          : sql`least(p.age_max_male, p.age_max_female)`;
    parts.push(sql`(p.age_min is null or p.age_min <= ${years})`);
    parts.push(sql`coalesce(least(p.age_max, ${genderMax}), 1000) >= ${years}`);
  }
  if (person.availableFrom) {
    parts.push(sql`(p.valid_to is null or p.valid_to >= ${person.availableFrom}::date)`);
  }
  return sql.join(parts, sql` and `);
}

/** Conditions on `p` (people) for people who may be shown to a post's employer. */
export function personFiltersFor(post: MatchPost, today: string): SQL {
  const parts: SQL[] = [
    sql`p.status = 'active'`,
    // Consent is a history (person_consents); its latest employer_matching record is kept in this column.
    sql`p.employer_matching_consent`,
    // people.reach_codes is the location rule as codes (see the schema); '*' is anywhere. GIN-indexed.
    sql`p.reach_codes && ${textArray([...postRegionAncestors(post.regionCode), '*'])}`,
  ];
  // Only what the post requires: an empty requirement holds for everyone, and as `@> '{}'` it would tempt
  // the planner into reading the whole GIN index.
  if (post.requiredCertificates.length > 0)
    parts.push(sql`p.certificates @> ${textArray(post.requiredCertificates)}`);
  if (post.requiredSkills.length > 0) parts.push(sql`p.skills @> ${textArray(post.requiredSkills)}`);
  if (!post.employerFairChance) {
    parts.push(
      sql`(p.status_category is null or not (p.status_category = any(${textArray(fairChanceCategories)})))`,
    );
  }
  if (post.minEducation) {
    parts.push(sql`p.education = any(${textArray(educationAtLeast(post.minEducation))})`);
  }
  const year = Number(today.slice(0, 4));
  if (post.ageMin !== null) parts.push(sql`p.birth_year <= ${year - post.ageMin}`);
  const limits = (['male', 'female', null] as const).map((gender) => ageLimit({ gender }, post).max);
  if (limits.some((l) => l !== null)) {
    const [male, female, unknown] = limits.map((l) => (l === null ? 1000 : l));
    parts.push(sql`p.birth_year >= ${year} - (case p.gender when 'male' then ${male}::int
                   when 'female' then ${female}::int else ${unknown}::int end)`);
  }
  if (post.validTo) parts.push(sql`(p.available_from is null or p.available_from <= ${post.validTo}::date)`);
  return sql.join(parts, sql` and `);
}
