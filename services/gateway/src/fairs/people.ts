/**
 * The organizer view of a fair's people: what an organizer needs to call people to booths — a name, a phone
 * number, and each booth and post they are shortlisted for. Never a status category, an ID number or a
 * facility: the organizer runs the fair, it does not manage the people (PRODUCT.md).
 */
import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import { z } from 'zod';

export const organizerPersonSchema = z
  .object({
    personId: z.uuid(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    booths: z.array(
      z.object({ employerName: z.string(), booth: z.string().nullable(), postTitle: z.string() }),
    ),
  })
  .meta({ id: 'FairPerson' });
export type OrganizerPerson = z.infer<typeof organizerPersonSchema>;

/** Invited people whose consent holds (and who are not erased), with their booths, by name. */
export async function fairPeopleView(database: Database, fairId: string): Promise<OrganizerPerson[]> {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select pe.id, pe.name, pe.phone,
      coalesce(json_agg(json_build_object('employerName', e.name, 'booth', fe.booth, 'postTitle', p.title)
        order by s.score desc) filter (where s.post_id is not null), '[]') as booths
    from fair_participants fp
    join people pe on pe.id = fp.person_id
    left join fair_shortlists s on s.fair_id = fp.fair_id and s.person_id = pe.id
    left join posts p on p.id = s.post_id
    left join employers e on e.id = p.employer_id
    left join fair_employers fe on fe.fair_id = fp.fair_id and fe.employer_id = p.employer_id
    where fp.fair_id = ${fairId} and pe.erased_at is null
      and coalesce((select c.granted from person_consents c where c.person_id = pe.id
        and c.purpose = 'employer_matching' order by c.recorded_at desc, c.granted asc limit 1), false)
    group by pe.id, pe.name, pe.phone
    order by pe.name, pe.id`);
  return rows.map((r) => ({
    personId: String(r.id),
    name: (r.name ?? null) as string | null,
    phone: (r.phone ?? null) as string | null,
    booths: (typeof r.booths === 'string' ? JSON.parse(r.booths) : r.booths) as OrganizerPerson['booths'],
  }));
}
