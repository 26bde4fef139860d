import { people } from '@qihang/shared/db/schema/index';
import { todayInChina } from '@qihang/shared/domain/index';
import { and, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Principal, principalOf } from '../auth/roles';
import { peopleScope, postsScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, security } from '../http/schemas';
import { latestConsent } from '../people/repo';
import { auditContext, auditPersonReads } from '../privacy/audit';
import { boothWorkbook, employerRows, employerWorkbook, printablePage } from './exports';
import { fairScope, fairsRepo } from './repo';
import { fairBody, fairSchema, generateBody, inviteBody, shortlistEntry, summarySchema } from './schemas';
import { generateShortlists, readShortlists } from './shortlists';

const tags = ['就业推介会 fairs'];
const fairRoles = ['admin', 'bureau', 'organizer'] as const;

/**
 * Who an invitation may name. An invitation is what gives an organizer read access to a person, so an
 * organizer may invite only people who consented to be put before employers; others invite within their scope.
 */
const inviteScope = (p: Principal) =>
  p.role === 'organizer'
    ? and(isNull(people.erasedAt), latestConsent('employer_matching'))
    : and(peopleScope(p), isNull(people.erasedAt));

export const fairRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const repo = fairsRepo(ctx.database);
  const fairOf = (request: Parameters<typeof principalOf>[0], id: string) =>
    repo.get(id, fairScope(principalOf(request)));
  const roles = { roles: fairRoles };

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
      const fair = await repo.create({ ...request.body, organizerId: principalOf(request).userId });
      return reply.code(201).send(fair);
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
      return { ...fair, postCount: postIds.length, participantCount: personIds.length };
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
      // Organizers bring any employer's posts; bureaus only posts in their scope.
      const ids =
        principal.role === 'bureau'
          ? await repo.visiblePosts(request.body.postIds, postsScope(principal))
          : request.body.postIds;
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
      const scope = inviteScope(principal);
      const body = request.body;
      if ('personIds' in body)
        return { invited: await repo.invite(fair.id, body.personIds, scope, 'manual') };
      const ids = await repo.peopleByRule(body.rule, fair.heldOn, scope);
      const rule = `facility:${body.rule.facilityId};availableWithinDays:${body.rule.availableWithinDays}`;
      return { invited: await repo.invite(fair.id, ids, scope, rule) };
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
