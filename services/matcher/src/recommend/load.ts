import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import type { Labels, MatchPerson, MatchPost } from '../ranking/types';
import { isoDate, textArray, uuidArray } from '../sql';

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

const toPerson = (r: Row): MatchPerson => ({
  id: String(r.id),
  birthYear: num(r.birth_year),
  gender: (r.gender ?? null) as MatchPerson['gender'],
  education: (r.education ?? null) as MatchPerson['education'],
  statusCategory: (r.status_category ?? null) as MatchPerson['statusCategory'],
  originRegionCode: String(r.origin_region_code),
  acceptableRegionCodes: strings(r.acceptable_region_codes),
  willingToRelocate: r.willing_to_relocate === true,
  mustStayLocalReason: (r.must_stay_local_reason ?? null) as MatchPerson['mustStayLocalReason'],
  skills: strings(r.skills),
  certificates: strings(r.certificates),
  desiredOccupations: strings(r.desired_occupations),
  workHistory: String(r.work_history ?? ''),
  expectedPayMin: num(r.expected_pay_min),
  availableFrom: isoDate(r.available_from),
  status: r.status as MatchPerson['status'],
  employerMatchingConsent: r.consent === true,
});

const toPost = (r: Row): MatchPost => ({
  id: String(r.id),
  employerId: String(r.employer_id),
  employerName: String(r.employer_name),
  employerFairChance: r.fair_chance === true,
  occupationCode: (r.occupation_code ?? null) as string | null,
  title: String(r.title),
  requiredSkills: strings(r.required_skills),
  requiredCertificates: strings(r.required_certificates),
  ageMin: num(r.age_min),
  ageMax: num(r.age_max),
  ageMaxMale: num(r.age_max_male),
  ageMaxFemale: num(r.age_max_female),
  minEducation: (r.min_education ?? null) as MatchPost['minEducation'],
  headcount: Number(r.headcount),
  filledCount: Number(r.filled_count),
  payMin: num(r.pay_min),
  payMax: num(r.pay_max),
  accommodation: r.accommodation === true,
  meals: r.meals === true,
  regionCode: String(r.region_code),
  postType: r.post_type as MatchPost['postType'],
  status: r.status as MatchPost['status'],
  validFrom: isoDate(r.valid_from),
  validTo: isoDate(r.valid_to),
});

export async function loadPeople(
  database: Database,
  ids: readonly string[],
): Promise<Map<string, MatchPerson>> {
  if (ids.length === 0) return new Map();
  const rows = await database.rows<Row>(sql`
    select p.id, p.birth_year, p.gender, p.education, p.status_category, p.origin_region_code,
           p.acceptable_region_codes, p.willing_to_relocate, p.must_stay_local_reason, p.skills, p.certificates,
           p.desired_occupations, p.work_history, p.expected_pay_min, p.available_from::text as available_from,
           p.status,
           (select c.granted from person_consents c
             where c.person_id = p.id and c.purpose = 'employer_matching'
             order by c.recorded_at desc, c.granted asc limit 1) as consent
    from people p where p.id = any(${uuidArray(ids)})`);
  return new Map(rows.map((r) => [String(r.id), toPerson(r)]));
}

export async function loadPosts(database: Database, ids: readonly string[]): Promise<Map<string, MatchPost>> {
  if (ids.length === 0) return new Map();
  const rows = await database.rows<Row>(sql`
    select p.id, p.employer_id, em.name as employer_name, em.fair_chance, p.occupation_code, p.title,
           p.required_skills, p.required_certificates, p.age_min, p.age_max, p.age_max_male, p.age_max_female,
           p.min_education, p.headcount, p.filled_count, p.pay_min, p.pay_max, p.accommodation, p.meals,
           p.region_code, p.post_type, p.status, p.valid_from::text as valid_from, p.valid_to::text as valid_to
    from posts p join employers em on em.id = p.employer_id
    where p.id = any(${uuidArray(ids)})`);
  return new Map(rows.map((r) => [String(r.id), toPost(r)]));
}

/** Names for the region and occupation codes that reasons will mention. */
export async function loadLabels(
  database: Database,
  regionCodes: Iterable<string>,
  occupationCodes: Iterable<string>,
): Promise<Labels> {
  const regionList = [...new Set(regionCodes)];
  const occList = [...new Set(occupationCodes)];
  const [regions, occupations] = await Promise.all([
    regionList.length
      ? database.rows<{ code: string; name: string }>(
          sql`select code, name from regions where code = any(${textArray(regionList)})`,
        )
      : [],
    occList.length
      ? database.rows<{ code: string; name: string }>(
          sql`select code, name from occupations where code = any(${textArray(occList)})`,
        )
      : [],
  ]);
  const regionNames = new Map(regions.map((r) => [r.code, r.name]));
  const occupationNames = new Map(occupations.map((r) => [r.code, r.name]));
  return {
    region: (code) => regionNames.get(code) ?? code,
    occupation: (code) => occupationNames.get(code) ?? code,
  };
}

/** Skill and certificate labels the vocabulary ties to each occupation code. */
export async function loadTypicalItems(database: Database): Promise<Map<string, Set<string>>> {
  const rows = await database.rows<{ label: string; occupation_codes: string[] }>(
    sql`select label, occupation_codes from vocabulary`,
  );
  const byOccupation = new Map<string, Set<string>>();
  for (const row of rows) {
    for (const code of row.occupation_codes ?? []) {
      const set = byOccupation.get(code) ?? new Set<string>();
      set.add(row.label);
      byOccupation.set(code, set);
    }
  }
  return byOccupation;
}
