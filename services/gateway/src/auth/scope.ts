import { employers, people, posts, trainingCourses } from '@qihang/shared/db/schema/index';
import { regionContains, regionLevel } from '@qihang/shared/domain/index';
import { ForbiddenError, ValidationError } from '@qihang/shared/errors';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import type { Principal } from './roles';

/**
 * Scopes as SQL conditions, one per kind of record, so every query of a route carries the caller's scope
 * and an out-of-scope record is simply not found (its existence is not revealed either).
 * `undefined` means unrestricted (admin).
 */

/** The code prefix that every region inside `area` starts with (43, 4331, 433122). */
export function regionPrefix(area: string): string {
  const level = regionLevel(area);
  return level === 1 ? area.slice(0, 2) : level === 2 ? area.slice(0, 4) : area;
}

/** `column` lies in `area` (the SQL twin of `regionContains`). */
export function regionWithin(column: AnyColumn | SQL, area: string): SQL {
  return sql`${column} like ${`${regionPrefix(area)}%`}`;
}

const nothing = sql`false`;

export function peopleScope(p: Principal): SQL | undefined {
  switch (p.role) {
    case 'admin':
      return undefined;
    case 'bureau':
      if (!p.regionCode) return nothing;
      return sql`(${regionWithin(people.originRegionCode, p.regionCode)} or ${regionWithin(people.currentRegionCode, p.regionCode)})`;
    case 'facility':
      return p.facilityId ? sql`${people.facilityId} = ${p.facilityId}` : nothing;
    case 'organizer':
      return organizerPeople(p.userId);
    default:
      return nothing;
  }
}

/**
 * An organizer reaches a person only through an invitation to one of its fairs, and only while that fair is
 * approved and open (planned, held today or later — or yesterday, for late entries) and the person's latest
 * employer_matching consent holds. It then sees the organizer view only (fairs/people.ts).
 */
export function organizerPeople(userId: string): SQL {
  return sql`(${people.erasedAt} is null
    and coalesce((select c.granted from person_consents c where c.person_id = ${people.id}
      and c.purpose = 'employer_matching' order by c.recorded_at desc, c.granted asc limit 1), false)
    and exists (select 1 from fair_participants fp join job_fairs f on f.id = fp.fair_id
      where fp.person_id = ${people.id} and f.organizer_id = ${userId} and ${openFair(sql`f`)}))`;
}

/** A fair is open: approved, still planned, and held no earlier than yesterday (China time). */
export const openFair = (f: SQL) =>
  sql`(${f}.approved_at is not null and ${f}.status = 'planned'
    and ${f}.held_on >= (now() at time zone 'Asia/Shanghai')::date - 1)`;

export function postsScope(p: Principal): SQL | undefined {
  switch (p.role) {
    case 'admin':
      return undefined;
    case 'bureau':
      return p.regionCode ? regionWithin(posts.regionCode, p.regionCode) : nothing;
    case 'employer':
      return p.employerId ? sql`${posts.employerId} = ${p.employerId}` : nothing;
    case 'organizer':
      return sql`exists (select 1 from fair_posts fp join job_fairs f on f.id = fp.fair_id
        where fp.post_id = ${posts.id} and f.organizer_id = ${p.userId})`;
    case 'portal':
      if (!p.portalId) return nothing;
      // A subscription selects posts by region (any level) and occupation; an empty list selects all.
      return sql`exists (select 1 from portal_subscriptions s where s.portal_id = ${p.portalId} and s.active
        and (cardinality(s.region_codes) = 0 or exists (select 1 from unnest(s.region_codes) as r(code)
          where ${posts.regionCode} like (case when r.code like '__0000' then left(r.code, 2)
            when r.code like '____00' then left(r.code, 4) else r.code end) || '%'))
        and (cardinality(s.occupation_codes) = 0 or ${posts.occupationCode} = any(s.occupation_codes)))`;
    default:
      return nothing;
  }
}

export function employersScope(p: Principal): SQL | undefined {
  switch (p.role) {
    case 'admin':
      return undefined;
    case 'bureau':
      return p.regionCode ? regionWithin(employers.regionCode, p.regionCode) : nothing;
    case 'employer':
      return p.employerId ? sql`${employers.id} = ${p.employerId}` : nothing;
    default:
      return nothing;
  }
}

/** Courses are shared knowledge: everyone allowed on the route reads them all; bureaus edit their region's. */
export function trainingWriteScope(p: Principal): SQL | undefined {
  if (p.role === 'admin') return undefined;
  if (p.role === 'bureau' && p.regionCode) return regionWithin(trainingCourses.regionCode, p.regionCode);
  return nothing;
}

/** True unless the caller is a bureau and the code lies outside its region. */
export function regionInScope(p: Principal, regionCode: string | null | undefined): boolean {
  if (p.role !== 'bureau') return true;
  return !!p.regionCode && !!regionCode && regionContains(p.regionCode, regionCode);
}

/**
 * Refuses to write a record into a region outside a bureau's scope. A record with no region at all is a
 * missing field (`path` names it), not a place outside the region.
 */
export function assertRegionInScope(
  p: Principal,
  regionCode: string | null | undefined,
  what: string,
  path = 'body.regionCode',
): void {
  if (p.role === 'bureau' && !regionCode) {
    throw new ValidationError(`${what} needs a region within this key's`, [
      { path, message: 'required for a bureau key: a region within its own' },
    ]);
  }
  if (!regionInScope(p, regionCode)) {
    throw new ForbiddenError(`${what} lies outside this key's region`, [
      { path, message: '不在本账号所属地区（含下辖地区）内' },
    ]);
  }
}
