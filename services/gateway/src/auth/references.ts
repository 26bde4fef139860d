/**
 * The one scope check for a record that a write names. Every write that refers to another record — a post,
 * person, employer, facility, fair, portal or subscription, in its path or its body — asks here whether the
 * caller may use it, with the same condition for every route: a record outside the caller's scope reads
 * exactly as one that does not exist (422 naming the field, or 404 for the record in the path).
 *
 * "May use" is "may read", with three additions for writes: an erased person is never a write's subject
 * (erasure is final); a bureau's subscription must select posts of its own region only; and a post named in
 * a write about a person (a placement, an intent) may also be one offered to that person — in a region the
 * person lives in or accepts, or one they signed an intent for — since an origin bureau places its people in
 * destination posts it does not otherwise read.
 */
import type { DbOrTx } from '@qihang/shared/db/client';
import {
  employers,
  facilities,
  jobFairs,
  people,
  portalSubscriptions,
  portals,
  posts,
} from '@qihang/shared/db/schema/index';
import { regionContains } from '@qihang/shared/domain/index';
import { DomainError, NotFoundError, ValidationError } from '@qihang/shared/errors';
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, AnyPgTable } from 'drizzle-orm/pg-core';
import { fairScope } from '../fairs/repo';
import type { Principal } from './roles';
import { employersScope, peopleScope, postsScope, regionPrefix, regionWithin } from './scope';

export type ReferenceKind = 'post' | 'person' | 'employer' | 'facility' | 'fair' | 'portal' | 'subscription';

const nothing = sql`false`;

/** Facilities: a bureau uses those in its region, a facility itself; organizers and others none. */
export function facilitiesScope(p: Principal): SQL | undefined {
  if (p.role === 'admin') return undefined;
  if (p.role === 'bureau' && p.regionCode) return regionWithin(facilities.regionCode, p.regionCode);
  if (p.role === 'facility' && p.facilityId) return eq(facilities.id, p.facilityId);
  return nothing;
}

/** Portals are shared infrastructure: officials subscribe any of them (to their own region's posts). */
export function portalsScope(p: Principal): SQL | undefined {
  if (p.role === 'admin' || p.role === 'bureau') return undefined;
  if (p.role === 'portal' && p.portalId) return eq(portals.id, p.portalId);
  return nothing;
}

/**
 * Subscriptions a caller may change: a bureau those whose region filters all lie in its region (a
 * subscription with no region filter selects every region's posts: admin only); a portal reads its own.
 */
export function subscriptionsScope(p: Principal): SQL | undefined {
  if (p.role === 'admin') return undefined;
  if (p.role === 'bureau' && p.regionCode) {
    return sql`(cardinality(${portalSubscriptions.regionCodes}) > 0 and not exists (
      select 1 from unnest(${portalSubscriptions.regionCodes}) as r(code)
      where r.code not like ${`${regionPrefix(p.regionCode)}%`}))`;
  }
  if (p.role === 'portal' && p.portalId) return eq(portalSubscriptions.portalId, p.portalId);
  return nothing;
}

/** A bureau's subscription filters: at least one region, each within its own. */
export function assertSubscriptionRegions(p: Principal, regionCodes: readonly string[] | undefined): void {
  if (p.role !== 'bureau' || regionCodes === undefined) return;
  if (regionCodes.length === 0) {
    throw new ValidationError('a bureau subscription selects posts of its own region', [
      { path: 'body.regionCodes', message: '须至少指定一个本辖区内的地区（不指定即全国岗位，仅管理员可设）' },
    ]);
  }
  const outside = regionCodes.filter((c) => !p.regionCode || !regionContains(p.regionCode, c));
  if (outside.length > 0) {
    throw new ValidationError('a subscription region lies outside this key’s region', [
      { path: 'body.regionCodes', message: `不在本账号所属地区（含下辖地区）内：${outside.join('、')}` },
    ]);
  }
}

interface Kind {
  table: AnyPgTable;
  id: AnyPgColumn;
  scope: (p: Principal) => SQL | undefined;
  /** In Chinese, for the field's message. */
  label: string;
}

const kinds: Record<ReferenceKind, Kind> = {
  post: { table: posts, id: posts.id, scope: postsScope, label: '岗位' },
  person: { table: people, id: people.id, scope: peopleScope, label: '人员' },
  employer: { table: employers, id: employers.id, scope: employersScope, label: '用人单位' },
  facility: { table: facilities, id: facilities.id, scope: facilitiesScope, label: '机构' },
  fair: { table: jobFairs, id: jobFairs.id, scope: fairScope, label: '招聘会' },
  portal: { table: portals, id: portals.id, scope: portalsScope, label: '门户' },
  subscription: {
    table: portalSubscriptions,
    id: portalSubscriptions.id,
    scope: subscriptionsScope,
    label: '推送订阅',
  },
};

export class PersonErasedError extends DomainError {
  constructor(path: string) {
    super(409, 'person_erased', 'the person has been erased: no write may name them again', [
      { path, message: '该人员信息已删除（不可恢复），不能再为其登记' },
    ]);
  }
}

/** The code prefix of a region column or value (43, 4331, 433122), in SQL. */
const prefixOf = (code: SQL) => sql`(case when ${code} like '__0000' then left(${code}, 2)
  when ${code} like '____00' then left(${code}, 4) else ${code} end)`;

/** Posts offered to a person: in a region they live in or accept, or one they signed an intent for. */
function offeredTo(personId: string): SQL {
  return sql`exists (select 1 from people pe where pe.id = ${personId} and (
      ${posts.regionCode} like ${prefixOf(sql`pe.origin_region_code`)} || '%'
      or ${posts.regionCode} like ${prefixOf(sql`pe.current_region_code`)} || '%'
      or exists (select 1 from unnest(pe.acceptable_region_codes) as r(code)
        where ${posts.regionCode} like ${prefixOf(sql`r.code`)} || '%')
      or exists (select 1 from intents i where i.person_id = pe.id and i.post_id = ${posts.id})))`;
}

/**
 * Refuses unless the caller may use the record: `path` names where the id came from (`body.postId`, or
 * `params.id` for the record a route acts on, which answers 404 as a read would). A person must not be
 * erased either. Returns nothing: callers read the record themselves, within the same scope.
 */
export async function assertReference(
  tx: DbOrTx,
  p: Principal,
  kind: ReferenceKind,
  id: string | null | undefined,
  path: string,
  context: { forPerson?: string } = {},
): Promise<void> {
  if (!id) return;
  const k = kinds[kind];
  const erased = kind === 'person' ? sql`${people.erasedAt} is not null` : sql`false`;
  const own = k.scope(p);
  const scope =
    kind === 'post' && context.forPerson && own !== undefined && p.role !== 'organizer'
      ? sql`(${own} or ${offeredTo(context.forPerson)})`
      : own;
  const [row] = await tx
    .select({ erased })
    .from(k.table)
    .where(and(eq(k.id, id), scope));
  if (!row) {
    if (path.startsWith('params.')) throw new NotFoundError(kind);
    throw new ValidationError(`unknown ${kind}`, [
      { path, message: `${k.label}不存在或不在本账号权限范围内` },
    ]);
  }
  if (row.erased) throw new PersonErasedError(path);
}

/** Several references at once (each checked as assertReference does), in order. */
export async function assertReferences(
  tx: DbOrTx,
  p: Principal,
  refs: readonly { kind: ReferenceKind; id: string | null | undefined; path: string; forPerson?: string }[],
): Promise<void> {
  for (const r of refs) await assertReference(tx, p, r.kind, r.id, r.path, r);
}

/** Several ids of one kind (a list in a body): the first out of scope is refused, naming the list. */
export async function assertReferenceList(
  tx: DbOrTx,
  p: Principal,
  kind: ReferenceKind,
  ids: readonly string[],
  path: string,
  /** Instead of the kind's scope, where a route widens it (an organizer brings any open post to its fair). */
  scope: SQL | undefined = kinds[kind].scope(p),
): Promise<void> {
  if (ids.length === 0) return;
  const k = kinds[kind];
  const found = await tx
    .select({ id: k.id })
    .from(k.table)
    .where(
      and(inArray(k.id, [...new Set(ids)]), scope, kind === 'person' ? isNull(people.erasedAt) : undefined),
    );
  if (found.length < new Set(ids).size) {
    const known = new Set(found.map((r) => r.id as string));
    const missing = ids.filter((id) => !known.has(id));
    throw new ValidationError(`unknown ${kind}s`, [
      { path, message: `${k.label}不存在或不在本账号权限范围内：${missing.length}个` },
    ]);
  }
}
