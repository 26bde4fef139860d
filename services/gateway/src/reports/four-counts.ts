import type { Database } from '@qihang/shared/db/client';
import { endOfChinaDay, regionAncestors } from '@qihang/shared/domain/index';
import { type SQL, sql } from 'drizzle-orm';
import { regionPrefix } from '../auth/scope';
import { textArray } from '../util/sql';

/**
 * 四个底数 for an origin region, as of a date, optionally for a destination. The one place these counts are
 * defined; FOUR_COUNTS.md shows the same query with placeholders so anyone can reproduce a figure in psql.
 *
 *   (1) labour            输出地劳动力底数: people whose origin lies in the region, registered before the end of
 *                         the as-of day (China time). Erased people still count: erasure keeps the row.
 *                         Every field is read as it stood at the end of the as-of day (the versions tables),
 *                         so a figure for a past day does not change when people or posts change later.
 *   (2) intending         到某地就业意向底数: of (1), those whose acceptable regions overlap the destination
 *                         (one contains the other), or who listed none but are willing to relocate. Without
 *                         a destination: those who listed any acceptable region or are willing to relocate.
 *   (3) willingToTrain    愿意接受培训底数: of (1), those willing to train.
 *   (4) suitablePosts     适合的岗位信息底数: posts at the destination (anywhere without one) that are open,
 *                         were created by the as-of day, are valid on it, still have headcount left, and
 *                         whose occupation is desired by at least one person counted in (2).
 *                         suitableVacancies sums the headcount left of those posts.
 */
export interface FourCountsInput {
  region: string;
  /** YYYY-MM-DD, China time. */
  asOf: string;
  destination: string | null;
}

export interface FourCounts {
  labour: number;
  intending: number;
  willingToTrain: number;
  suitablePosts: number;
  suitableVacancies: number;
}

export function fourCountsQuery({ region, asOf, destination }: FourCountsInput): SQL {
  const before = endOfChinaDay(asOf).toISOString();
  const intent = destination
    ? sql`(exists (select 1 from unnest(l.acceptable_region_codes) as c(code)
              where c.code like ${`${regionPrefix(destination)}%`}
                 or c.code = any(${textArray(regionAncestors(destination))}))
           or (cardinality(l.acceptable_region_codes) = 0 and l.willing_to_relocate))`
    : sql`(cardinality(l.acceptable_region_codes) > 0 or l.willing_to_relocate)`;
  const place = destination ? sql`and p.region_code like ${`${regionPrefix(destination)}%`}` : sql``;
  const origin = `${regionPrefix(region)}%`;
  // Each person and post as they stood at the end of the as-of day: their latest version recorded before it
  // (people_versions / posts_versions, kept by triggers). Registered later means no version yet: not counted.
  const destinationPosts = destination
    ? sql`and h.post_id in (select post_id from posts_versions where region_code like ${`${regionPrefix(destination)}%`})`
    : sql``;
  return sql`
    with labour as (
      select v.person_id as id, v.acceptable_region_codes, v.willing_to_relocate, v.willing_to_train,
        v.desired_occupations
      from (
        select distinct on (h.person_id) h.*
        from people_versions h
        where h.recorded_at < ${before}::timestamptz
          and h.person_id in (select person_id from people_versions where origin_region_code like ${origin})
        order by h.person_id, h.recorded_at desc
      ) v
      where v.origin_region_code like ${origin}
    ),
    intending as (select * from labour l where ${intent}),
    wanted as (select distinct unnest(desired_occupations) as code from intending),
    suitable as (
      select p.headcount - p.filled_count as vacancies
      from (
        select distinct on (h.post_id) h.*
        from posts_versions h
        where h.recorded_at < ${before}::timestamptz ${destinationPosts}
        order by h.post_id, h.recorded_at desc
      ) p
      where p.status = 'open'
        and (p.valid_from is null or p.valid_from <= ${asOf}::date)
        and (p.valid_to is null or p.valid_to >= ${asOf}::date)
        and p.filled_count < p.headcount
        ${place}
        and p.occupation_code in (select code from wanted)
    )
    select
      (select count(*) from labour)::int as labour,
      (select count(*) from intending)::int as intending,
      (select count(*) from labour where willing_to_train)::int as willing_to_train,
      (select count(*) from suitable)::int as suitable_posts,
      (select coalesce(sum(vacancies), 0) from suitable)::int as suitable_vacancies`;
}

export async function fourCounts(database: Database, input: FourCountsInput): Promise<FourCounts> {
  const [row] = await database.rows<Record<string, number | string>>(fourCountsQuery(input));
  const n = (k: string) => Number(row?.[k] ?? 0);
  return {
    labour: n('labour'),
    intending: n('intending'),
    willingToTrain: n('willing_to_train'),
    suitablePosts: n('suitable_posts'),
    suitableVacancies: n('suitable_vacancies'),
  };
}

/** The child regions a figure drills down into (cities of a province, counties of a city). */
export async function childRegions(database: Database, region: string) {
  return database.rows<{ code: string; name: string }>(
    sql`select code, full_name as name from regions where parent_code = ${region} order by code`,
  );
}
