import { facilities, posts } from '@qihang/shared/db/schema/index';
import { todayInChina } from '@qihang/shared/domain/index';
import { DomainError, ValidationError } from '@qihang/shared/errors';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertReferenceList } from '../auth/references';
import { type Principal, principalOf } from '../auth/roles';
import { assertRegionInScope, peopleScope, regionWithin } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, security } from '../http/schemas';
import { auditContext, auditEvent, auditPersonReads } from '../privacy/audit';
import { boothWorkbook, employerRows, employerWorkbook, printablePage } from './exports';
import { fairPeopleView, organizerPersonSchema } from './people';
import { type Fair, fairPeople, fairScope, fairsRepo, fairView } from './repo';
import { fairBody, fairSchema, generateBody, inviteBody, shortlistEntry, summarySchema } from './schemas';
import { generateShortlists, readShortlists } from './shortlists';

const tags = ['就业推介会 fairs'];
const fairRoles = ['admin', 'bureau', 'organizer'] as const;

/**
 * Who an invitation may name. An invitation is what gives an organizer the organizer view of a person, so
 * every fair invites only consenting people of its approved region or of its partner facilities
 * (fairs/repo.ts fairPeople); a bureau within its own scope too.
 */
const inviteScope = (p: Principal, fair: Fair) =>
  p.role === 'bureau' ? and(peopleScope(p), fairPeople(fair)) : fairPeople(fair);

class FairNotApprovedError extends DomainError {
  constructor() {
    super(409, 'fair_not_approved', 'the fair has not been approved by a bureau of its region yet', [
      { path: 'params.id', message: '招聘会尚未经所在地人社部门审核，暂不能邀请人员' },
    ]);
  }
}

class FairClosedError extends DomainError {
  constructor() {
    super(403, 'fair_closed', 'an organizer sees a fair’s people only while it is approved and open', [
      { path: 'params.id', message: '招聘会未审核或已结束，组织方不能再查看人员信息' },
    ]);
  }
}

/** Names and phones reach an organizer only while its fair is open (approved, planned, not past). */
function assertOpenForOrganizer(p: Principal, fair: Fair, today: string) {
  if (p.role !== 'organizer') return;
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  if (!fair.approvedAt || fair.status !== 'planned' || fair.heldOn < yesterday) throw new FairClosedError();
}

export const fairRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const repo = fairsRepo(ctx.database);
  const fairOf = (request: Parameters<typeof principalOf>[0], id: string) =>
    repo.get(id, fairScope(principalOf(request)));
  const roles = { roles: fairRoles };
  const { db } = ctx.database;

  async function assertFacilities(ids: readonly string[]) {
    if (ids.length === 0) return;
    const found = await db
      .select({ id: facilities.id })
      .from(facilities)
      .where(inArray(facilities.id, [...ids]));
    if (found.length < new Set(ids).size) {
      throw new ValidationError('unknown facilities', [
        { path: 'body.partnerFacilityIds', message: '机构不存在' },
      ]);
    }
  }

  app.post(
    '/v1/fairs/:id/approve',
    {
      config: { roles: ['admin', 'bureau'] },
      schema: {
        tags,
        security,
        summary: 'Approve a fair held in the bureau’s region: invitations open',
        params: idParams,
        response: { 200: fairSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const fair = await fairOf(request, request.params.id);
      // A bureau approves only fairs of its region (its own fairs are approved when created).
      if (p.role === 'bureau') assertRegionInScope(p, fair.regionCode, 'the fair', 'params.id');
      const audit = auditContext(request, 'fair_approval');
      return db.transaction(async (tx) => {
        await auditEvent(tx, audit, { action: 'fair_approve', subjectType: 'fair', subjectId: fair.id });
        return fairView(await repo.approve(fair.id, p.userId, tx));
      });
    },
  );

  app.post(
    '/v1/fairs',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary: 'Create a job fair (the caller organizes it)',
        body: fairBody,
        response: { 201: fairSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { partnerFacilityIds = [], ...body } = request.body;
      if (p.role !== 'admin' && !body.regionCode) {
        throw new ValidationError('a fair needs its region', [
          { path: 'body.regionCode', message: '请填写招聘会所在地区（由该地区人社部门审核）' },
        ]);
      }
      assertRegionInScope(p, body.regionCode, 'the fair');
      await assertFacilities(partnerFacilityIds);
      // A bureau's own fair (in its region) and an admin's are approved by their creator.
      const approved = p.role === 'bureau' || p.role === 'admin';
      const fair = await repo.create({
        ...body,
        partnerFacilityIds,
        organizerId: p.userId,
        ...(approved ? { approvedAt: new Date(), approvedBy: p.userId } : {}),
      });
      return reply.code(201).send(fairView(fair));
    },
  );

  app.get(
    '/v1/fairs/:id',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary: 'A fair with its numbers of posts and invited people',
        params: idParams,
        response: {
          200: fairSchema.extend({ postCount: z.number().int(), participantCount: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const fair = await fairOf(request, request.params.id);
      const { postIds, personIds } = await repo.members(fair.id);
      return { ...fairView(fair), postCount: postIds.length, participantCount: personIds.length };
    },
  );

  app.post(
    '/v1/fairs/:id/posts',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary: 'Add posts (their employers become exhibitors)',
        params: idParams,
        body: z.object({ postIds: z.array(z.uuid()).min(1).max(5000) }),
        response: { 200: z.object({ added: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const fair = await fairOf(request, request.params.id);
      // Organizers bring any employer's open posts (job ads are public); bureaus only posts in their scope.
      const ids = request.body.postIds;
      await assertReferenceList(
        db,
        principal,
        'post',
        ids,
        'body.postIds',
        principal.role === 'organizer' ? eq(posts.status, 'open') : undefined,
      );
      return { added: await repo.addPosts(fair.id, ids) };
    },
  );

  app.post(
    '/v1/fairs/:id/participants',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary:
          'Invite people by id, or by rule: everyone at a facility available within N days of the fair',
        params: idParams,
        body: inviteBody,
        response: { 200: z.object({ invited: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const fair = await fairOf(request, request.params.id);
      if (!fair.approvedAt) throw new FairNotApprovedError();
      const scope = inviteScope(principal, fair);
      const body = request.body;
      const audit = auditContext(request, 'fair_invitation');
      const invite = async (ids: readonly string[], invitedBy: string) => {
        const invited = await repo.invite(fair.id, ids, scope, invitedBy);
        await auditPersonReads(ctx.audit, audit, ids, 'invite');
        return { invited };
      };
      if ('personIds' in body) return invite(body.personIds, 'manual');
      // A rule names a facility: one the fair names as a partner, or one in the fair's region.
      const [facility] = await db
        .select({ id: facilities.id })
        .from(facilities)
        .where(
          and(
            eq(facilities.id, body.rule.facilityId),
            or(
              fair.partnerFacilityIds.length > 0
                ? inArray(facilities.id, fair.partnerFacilityIds)
                : undefined,
              fair.regionCode ? regionWithin(facilities.regionCode, fair.regionCode) : undefined,
              sql`false`,
            ),
          ),
        );
      if (!facility) {
        throw new ValidationError('the facility is neither a partner of the fair nor in its region', [
          { path: 'body.rule.facilityId', message: '该机构不是本招聘会的合作机构，也不在招聘会所在地区内' },
        ]);
      }
      const ids = await repo.peopleByRule(body.rule, fair.heldOn, scope);
      return invite(
        ids,
        `facility:${body.rule.facilityId};availableWithinDays:${body.rule.availableWithinDays}`,
      );
    },
  );

  app.get(
    '/v1/fairs/:id/people',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary:
          'The organizer view of the invited people: name, phone, booths and posts (consenting people only; an organizer only while the fair is open; audit-logged)',
        params: idParams,
        response: { 200: z.object({ items: z.array(organizerPersonSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const fair = await fairOf(request, request.params.id);
      assertOpenForOrganizer(principalOf(request), fair, todayInChina());
      const items = await fairPeopleView(ctx.database, fair.id);
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'fair_people'),
        items.map((i) => i.personId),
      );
      return { items };
    },
  );

  app.post(
    '/v1/fairs/:id/shortlists',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary: 'Generate shortlists by capacity-aware assignment (replaces earlier ones)',
        description:
          'Each post gets at most k × open headcount candidates, each person at most m booths; first as many people as possible get a booth, then the total match score is maximal (min-cost flow). `naive` is per-post top-k for comparison.',
        params: idParams,
        body: generateBody,
        response: { 200: summarySchema, ...errorResponses },
      },
    },
    async (request) => {
      const fair = await fairOf(request, request.params.id);
      assertOpenForOrganizer(principalOf(request), fair, todayInChina());
      const { personIds } = await repo.members(fair.id);
      // Matching reads every invited person's record.
      await auditPersonReads(ctx.audit, auditContext(request, 'fair_matching'), personIds, 'match');
      return generateShortlists(ctx.database, fair.id, request.body, todayInChina());
    },
  );

  app.get(
    '/v1/fairs/:id/shortlists',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary:
          'The generated shortlists, by employer, post and rank (organizer view, names included; audit-logged)',
        params: idParams,
        response: { 200: z.object({ items: z.array(shortlistEntry) }), ...errorResponses },
      },
    },
    async (request) => {
      const fair = await fairOf(request, request.params.id);
      assertOpenForOrganizer(principalOf(request), fair, todayInChina());
      const rows = await readShortlists(ctx.database, fair.id);
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'fair_shortlist'),
        rows.map((r) => r.personId),
      );
      return { items: rows };
    },
  );

  app.get(
    '/v1/fairs/:id/exports/:kind',
    {
      config: roles,
      schema: {
        tags,
        security,
        summary:
          'Download employer shortlists (de-identified, one sheet per employer) or per-person booth lists',
        params: idParams.extend({ kind: z.enum(['employers', 'booths']) }),
        querystring: z.object({ format: z.enum(['xlsx', 'html']).default('xlsx') }),
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const fair = await fairOf(request, request.params.id);
      assertOpenForOrganizer(principalOf(request), fair, todayInChina());
      const rows = await readShortlists(ctx.database, fair.id);
      const { kind } = request.params;
      await auditPersonReads(
        ctx.audit,
        auditContext(request, `fair_export_${kind}`),
        rows.map((r) => r.personId),
      );
      const employer = employerRows(rows, ctx.config.secrets.idHashKey, new Date());
      // Employer sheets leave out the fair's name and venue: they often name the facility (…戒毒所推介会),
      // which would tell an employer every candidate's status category.
      const title =
        kind === 'booths'
          ? `${fair.name}（${fair.heldOn}）个人展位清单`
          : `专场招聘会（${fair.heldOn}）用人单位推荐名单`;
      if (request.query.format === 'html') {
        return reply.type('text/html; charset=utf-8').send(printablePage(title, kind, rows, employer));
      }
      const file =
        kind === 'booths' ? await boothWorkbook(title, rows) : await employerWorkbook(title, employer);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`)
        .send(file);
    },
  );
};
