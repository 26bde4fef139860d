import type { Database, DbOrTx } from '@qihang/shared/db/client';
import {
  fairEmployers,
  fairParticipants,
  fairPosts,
  jobFairs,
  people,
  posts,
} from '@qihang/shared/db/schema/index';
import { NotFoundError, ValidationError } from '@qihang/shared/errors';
import { and, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Principal } from '../auth/roles';
import { regionWithin } from '../auth/scope';
import { latestConsent } from '../people/repo';

/** Organizers see their own fairs; bureaus their own and those held in their region; admin all. */
export function fairScope(p: Principal): SQL | undefined {
  if (p.role === 'admin') return undefined;
  if (p.role === 'organizer') return eq(jobFairs.organizerId, p.userId);
  if (p.role === 'bureau') {
    const own = eq(jobFairs.organizerId, p.userId);
    return p.regionCode ? or(own, regionWithin(jobFairs.regionCode, p.regionCode)) : own;
  }
  return sql`false`;
}

export type Fair = typeof jobFairs.$inferSelect;

/** A fair as the API shows it. */
export const fairView = (f: Fair) => ({
  ...f,
  approvedAt: f.approvedAt ? f.approvedAt.toISOString() : null,
});

/**
 * Who a fair may invite: people who consented to be put before employers, not erased, still seeking, living
 * in or from the fair's approved region — or placed at one of the facilities the fair names as partners.
 */
export function fairPeople(fair: Fair): SQL {
  const partners = fair.partnerFacilityIds;
  const inRegion = fair.regionCode
    ? or(
        regionWithin(people.originRegionCode, fair.regionCode),
        regionWithin(people.currentRegionCode, fair.regionCode),
      )
    : undefined;
  const fromPartner = partners.length > 0 ? inArray(people.facilityId, partners) : undefined;
  const reach = inRegion && fromPartner ? or(inRegion, fromPartner) : (inRegion ?? fromPartner ?? sql`false`);
  return and(
    isNull(people.erasedAt),
    eq(people.status, 'active'),
    latestConsent('employer_matching'),
    reach,
  )!;
}

export function fairsRepo(database: Database) {
  const { db } = database;
  return {
    async create(values: typeof jobFairs.$inferInsert): Promise<Fair> {
      const [fair] = await db.insert(jobFairs).values(values).returning();
      return fair!;
    },

    async approve(id: string, by: string, tx: DbOrTx = db): Promise<Fair> {
      const [fair] = await tx
        .update(jobFairs)
        .set({
          approvedAt: sql`coalesce(${jobFairs.approvedAt}, now())`,
          approvedBy: sql`coalesce(${jobFairs.approvedBy}, ${by}::uuid)`,
        })
        .where(eq(jobFairs.id, id))
        .returning();
      return fair!;
    },

    async get(id: string, scope: SQL | undefined): Promise<Fair> {
      const [fair] = await db
        .select()
        .from(jobFairs)
        .where(and(eq(jobFairs.id, id), scope));
      if (!fair) throw new NotFoundError('fair');
      return fair;
    },

    /** Adds posts (and their employers as exhibitors). Unknown post ids are a 422 naming them. */
    async addPosts(fairId: string, postIds: readonly string[]): Promise<number> {
      if (postIds.length === 0) return 0;
      const found = await db
        .select({ id: posts.id, employerId: posts.employerId })
        .from(posts)
        .where(inArray(posts.id, [...postIds]));
      const known = new Set(found.map((p) => p.id));
      const missing = postIds.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new ValidationError('unknown posts', [
          { path: 'body.postIds', message: `岗位不存在：${missing.join('、')}` },
        ]);
      }
      await db
        .insert(fairEmployers)
        .values([...new Set(found.map((p) => p.employerId))].map((employerId) => ({ fairId, employerId })))
        .onConflictDoNothing();
      const rows = await db
        .insert(fairPosts)
        .values(found.map((p) => ({ fairId, postId: p.id })))
        .onConflictDoNothing()
        .returning();
      return rows.length;
    },

    /** Invites people the caller may see (scope), by hand; unknown or out-of-scope ids are a 422. */
    async invite(fairId: string, personIds: readonly string[], scope: SQL | undefined, invitedBy: string) {
      if (personIds.length === 0) return 0;
      const found = await db
        .select({ id: people.id })
        .from(people)
        .where(and(inArray(people.id, [...personIds]), scope));
      const known = new Set(found.map((p) => p.id));
      const missing = personIds.filter((id) => !known.has(id));
      if (missing.length > 0) {
        throw new ValidationError('unknown people', [
          { path: 'body.personIds', message: `人员不存在：${missing.length}人` },
        ]);
      }
      const rows = await db
        .insert(fairParticipants)
        .values(found.map((p) => ({ fairId, personId: p.id, invitedBy })))
        .onConflictDoNothing()
        .returning();
      return rows.length;
    },

    /** "Everyone at facility X available within N days of the fair" (or already available), still seeking. */
    async peopleByRule(
      rule: { facilityId: string; availableWithinDays: number },
      heldOn: string,
      scope: SQL | undefined,
    ) {
      const rows = await db
        .select({ id: people.id })
        .from(people)
        .where(
          and(
            eq(people.facilityId, rule.facilityId),
            eq(people.status, 'active'),
            or(
              isNull(people.availableFrom),
              lte(people.availableFrom, sql`${heldOn}::date + ${rule.availableWithinDays}::int`),
            ),
            scope,
          ),
        );
      return rows.map((r) => r.id);
    },

    async visiblePosts(ids: readonly string[], scope: SQL | undefined): Promise<string[]> {
      const rows = await db
        .select({ id: posts.id })
        .from(posts)
        .where(and(inArray(posts.id, [...ids]), scope));
      return rows.map((r) => r.id);
    },

    async members(fairId: string) {
      const [postRows, personRows] = await Promise.all([
        db.select({ id: fairPosts.postId }).from(fairPosts).where(eq(fairPosts.fairId, fairId)),
        db
          .select({ id: fairParticipants.personId })
          .from(fairParticipants)
          .where(eq(fairParticipants.fairId, fairId)),
      ]);
      return { postIds: postRows.map((r) => r.id), personIds: personRows.map((r) => r.id) };
    },
  };
}
