import type { DbOrTx } from '@qihang/shared/db/client';
import { employers, people, regions } from '@qihang/shared/db/schema/index';
import { fairChanceCategories } from '@qihang/shared/domain/index';
import { and, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';

/**
 * The people a matcher proposes for an employer, re-checked here whatever the matcher did: not erased,
 * still seeking work, latest employer_matching consent granted, and — unless the employer is a fair-chance
 * (爱心企业) employer — not of a category that needs one. Only the columns a candidate profile shows.
 */
export async function eligibleCandidates(tx: DbOrTx, personIds: readonly string[], employerId: string) {
  if (personIds.length === 0) return new Map();
  const [employer] = await tx
    .select({ fairChance: employers.fairChance })
    .from(employers)
    .where(eq(employers.id, employerId));
  const rows = await tx
    .select({
      id: people.id,
      skills: people.skills,
      certificates: people.certificates,
      desiredOccupations: people.desiredOccupations,
      education: people.education,
      birthYear: people.birthYear,
      availableFrom: people.availableFrom,
      willingToRelocate: people.willingToRelocate,
      originRegionCode: people.originRegionCode,
    })
    .from(people)
    .where(
      and(
        inArray(people.id, [...personIds]),
        isNull(people.erasedAt),
        eq(people.status, 'active'),
        sql`coalesce((select c.granted from person_consents c where c.person_id = ${people.id}
          and c.purpose = 'employer_matching' order by c.recorded_at desc, c.granted asc limit 1), false)`,
        employer?.fairChance
          ? undefined
          : or(isNull(people.statusCategory), notInArray(people.statusCategory, [...fairChanceCategories])),
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}

export async function cityNames(tx: DbOrTx, regionCodes: readonly string[]) {
  const cities = [...new Set(regionCodes.map((c) => `${c.slice(0, 4)}00`))];
  if (cities.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ code: regions.code, name: regions.fullName })
    .from(regions)
    .where(inArray(regions.code, cities));
  return new Map(rows.map((r) => [r.code, r.name]));
}
