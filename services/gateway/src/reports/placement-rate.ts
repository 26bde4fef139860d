/**
 * Placement rate (就业安置率) per region or facility for a year, as of a date, against the year's target.
 * rate = people with a placement starting in [1 Jan, asOf] ÷ people registered by asOf, both counted by the
 * person's origin (placements keep the origin at placement time, so erasure does not change the past).
 * Everything is a query over stored rows: any past date reproduces.
 */
import type { Database } from '@qihang/shared/db/client';
import { endOfChinaDay } from '@qihang/shared/domain/index';
import { sql } from 'drizzle-orm';

export type YearlyTargets = Readonly<Record<number, number>>;

/** The seeds' targets (30% → 50% → 70%); the configured ones (PLACEMENT_TARGETS) replace them. */
export const defaultTargets: YearlyTargets = { 2025: 0.3, 2026: 0.5, 2027: 0.7 };

/** A year's target: its own, else the latest earlier year's, else the earliest configured. */
export function targetFor(year: number, targets: YearlyTargets = defaultTargets): number {
  const years = Object.keys(targets)
    .map(Number)
    .sort((a, b) => a - b);
  const year0 = years.filter((y) => y <= year).pop() ?? years[0];
  return year0 === undefined ? 0 : (targets[year0] ?? 0);
}

export type RateLevel = 'province' | 'city' | 'county';
const digits: Record<RateLevel, number> = { province: 2, city: 4, county: 6 };

export interface RateRow {
  key: string;
  name: string;
  registered: number;
  placed: number;
  rate: number;
  target: number;
  gap: number;
}

export async function placementRate(
  database: Database,
  opts: {
    by: 'region' | 'facility';
    level: RateLevel;
    asOf: string;
    within: string | null;
    target?: number;
    targets?: YearlyTargets;
  },
): Promise<RateRow[]> {
  const year = Number(opts.asOf.slice(0, 4));
  const target = opts.target ?? targetFor(year, opts.targets);
  const end = endOfChinaDay(opts.asOf).toISOString();
  const n = digits[opts.level];
  const prefix = opts.within ? opts.within.replace(/0+$/, '') : '';
  const key =
    opts.by === 'facility'
      ? sql`coalesce(p.facility_id::text, '-')`
      : sql`rpad(left(p.origin_region_code, ${n}), 6, '0')`;
  const rows = await database.rows<{
    key: string;
    name: string | null;
    registered: string;
    placed: string;
  }>(sql`
    with base as (
      select ${key} as key, p.id,
             exists (select 1 from placements pl where pl.person_id = p.id
                     and pl.start_date between ${`${year}-01-01`}::date and ${opts.asOf}::date) as placed
      from people p
      where p.created_at < ${end}::timestamptz and p.origin_region_code like ${`${prefix}%`}
    )
    select b.key, coalesce(f.name, r.name) as name, count(*)::text as registered,
           count(*) filter (where b.placed)::text as placed
    from base b
    left join regions r on r.code = b.key
    left join facilities f on f.id::text = b.key
    group by b.key, f.name, r.name
    order by b.key`);
  return rows.map((r) => {
    const registered = Number(r.registered);
    const placed = Number(r.placed);
    const rate = registered > 0 ? placed / registered : 0;
    return {
      key: r.key,
      name: r.name ?? (opts.by === 'facility' ? '无所属机构' : r.key),
      registered,
      placed,
      rate,
      target,
      gap: Math.max(0, Math.ceil(target * registered) - placed),
    };
  });
}
