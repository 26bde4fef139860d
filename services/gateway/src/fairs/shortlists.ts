/**
 * Shortlist generation for a fair: every invited person × every fair post is checked against the matcher's
 * hard rules and scored (fairPairs), then the capacity-aware assignment picks the lists (assignShortlists,
 * min-cost flow; see services/matcher/src/assignment). A post's capacity counts only its open places
 * (headcount − filled), so a post that filled up since the fair was planned takes nobody.
 */
import { assignShortlists, fairPairs, naiveTopK } from '@qihang/matcher';
import type { Database } from '@qihang/shared/db/client';
import { fairShortlists } from '@qihang/shared/db/schema/index';
import { eq, sql } from 'drizzle-orm';
import { fairsRepo } from './repo';

export interface GenerateOptions {
  perHeadcount: number;
  boothsPerPerson: number;
}

export async function generateShortlists(
  database: Database,
  fairId: string,
  options: GenerateOptions,
  today: string,
) {
  const { postIds, personIds } = await fairsRepo(database).members(fairId);
  const scored = await fairPairs(database, personIds, postIds, today);
  const posts = [...scored.posts.values()].map((p) => ({
    id: p.id,
    headcount: p.status === 'open' ? Math.max(0, p.headcount - p.filledCount) : 0,
  }));
  const feasible = scored.pairs.filter((p) => p.feasible);
  const input = { people: personIds, posts, pairs: feasible, options };
  const result = assignShortlists(input);
  const naive = naiveTopK(input);
  await database.db.transaction(async (tx) => {
    await tx.delete(fairShortlists).where(eq(fairShortlists.fairId, fairId));
    if (result.assignments.length > 0) {
      await tx.insert(fairShortlists).values(
        result.assignments.map((a) => ({
          fairId,
          postId: a.postId,
          personId: a.personId,
          score: a.score,
          rank: a.rank,
        })),
      );
    }
  });
  return {
    people: personIds.length,
    posts: postIds.length,
    feasiblePairs: feasible.length,
    assigned: result.assignments.length,
    covered: result.covered,
    totalScore: result.totalScore,
    uncovered: result.uncovered,
    naive: { covered: naive.covered, totalScore: naive.totalScore, assigned: naive.assignments.length },
  };
}

export interface ShortlistRow {
  postId: string;
  postTitle: string;
  employerId: string;
  employerName: string;
  booth: string | null;
  personId: string;
  personName: string | null;
  birthYear: number | null;
  education: string | null;
  skills: string[];
  certificates: string[];
  availableFrom: string | null;
  score: number;
  rank: number;
}

/** The stored shortlists, by employer, post and rank. */
export async function readShortlists(database: Database, fairId: string): Promise<ShortlistRow[]> {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select s.post_id, p.title, p.employer_id, e.name as employer_name, fe.booth, s.person_id, pe.name as person_name,
           pe.birth_year, pe.education, pe.skills, pe.certificates, pe.available_from::text as available_from,
           s.score, s.rank
    from fair_shortlists s
    join posts p on p.id = s.post_id
    join employers e on e.id = p.employer_id
    join people pe on pe.id = s.person_id
    left join fair_employers fe on fe.fair_id = s.fair_id and fe.employer_id = p.employer_id
    where s.fair_id = ${fairId}
    order by e.name, p.title, s.post_id, s.rank`);
  return rows.map((r) => ({
    postId: String(r.post_id),
    postTitle: String(r.title),
    employerId: String(r.employer_id),
    employerName: String(r.employer_name),
    booth: (r.booth ?? null) as string | null,
    personId: String(r.person_id),
    personName: (r.person_name ?? null) as string | null,
    birthYear: r.birth_year === null ? null : Number(r.birth_year),
    education: (r.education ?? null) as string | null,
    skills: (r.skills ?? []) as string[],
    certificates: (r.certificates ?? []) as string[],
    availableFrom: (r.available_from ?? null) as string | null,
    score: Number(r.score),
    rank: Number(r.rank),
  }));
}
