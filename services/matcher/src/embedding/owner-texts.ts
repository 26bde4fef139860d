import type { Database } from '@qihang/shared/db/client';
import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';
import { isUuid, textArray, uuidArray } from '../sql';
import type { EmbeddingItem } from './store';
import { personEmbeddingText, postEmbeddingText } from './texts';

/**
 * The current embedding text of owners, read from the database. Owners that no longer exist, and people who
 * are erased, are left out (their vectors should go).
 */
export async function ownerTexts(
  database: Pick<Database, 'rows'>,
  ownerType: EmbeddingOwnerType,
  ids: readonly string[],
): Promise<EmbeddingItem[]> {
  if (ownerType === 'occupation') {
    const rows = await database.rows<{ code: string; name: string; definition: string }>(
      sql`select code, name, definition from occupations where code = any(${textArray(ids)})`,
    );
    return rows.map((r) => ({ ownerType, ownerId: r.code, text: `职业：${r.name}。${r.definition}` }));
  }
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return [];
  if (ownerType === 'post') {
    const rows = await database.rows<{
      id: string;
      title: string;
      description: string;
      required_skills: string[];
      required_certificates: string[];
      occupation_name: string | null;
    }>(sql`select p.id, p.title, p.description, p.required_skills, p.required_certificates,
                  o.name as occupation_name
           from posts p left join occupations o on o.code = p.occupation_code
           where p.id = any(${uuidArray(valid)})`);
    return rows.map((r) => ({
      ownerType,
      ownerId: r.id,
      text: postEmbeddingText({
        title: r.title,
        occupationName: r.occupation_name,
        requiredSkills: r.required_skills,
        requiredCertificates: r.required_certificates,
        description: r.description,
      }),
    }));
  }
  const rows = await database.rows<{
    id: string;
    skills: string[];
    certificates: string[];
    work_history: string;
    occupation_names: string[] | null;
  }>(sql`select p.id, p.skills, p.certificates, p.work_history,
                array(select o.name from unnest(p.desired_occupations) with ordinality d(code, n)
                      join occupations o on o.code = d.code order by d.n) as occupation_names
         from people p
         where p.id = any(${uuidArray(valid)}) and p.status <> 'erased' and p.erased_at is null`);
  return rows.map((r) => ({
    ownerType,
    ownerId: r.id,
    text: personEmbeddingText({
      desiredOccupationNames: r.occupation_names ?? [],
      skills: r.skills,
      certificates: r.certificates,
      workHistory: r.work_history,
    }),
  }));
}
