import { people } from '@qihang/shared/db/schema/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, isNull } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { peopleScope, postsScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, security } from '../http/schemas';
import type { MatcherPort } from '../ports';
import { postsRepo } from '../posts/repo';
import { auditContext, auditPersonIfVisible, auditPersonReads } from '../privacy/audit';
import { candidateSchema, reasonSchema, toCandidate } from '../privacy/deidentify';
import { trainingRepo } from '../training/repo';
import { courseSchema } from '../training/routes';
import { EncodedBody, sendEncoded } from '../util/encoding';
import { cityNames, eligibleCandidates } from './candidates';

const tags = ['人岗推荐 recommendations'];
const matchQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

const postSummary = z
  .object({
    id: z.uuid(),
    title: z.string(),
    employerName: z.string().nullable(),
    occupationCode: z.string().nullable(),
    occupationName: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    payMin: z.number().int().nullable(),
    payMax: z.number().int().nullable(),
    payText: z.string().nullable(),
    accommodation: z.boolean(),
    meals: z.boolean(),
    headcountLeft: z.number().int(),
    validTo: z.string().nullable(),
  })
  .meta({ id: 'PostSummary' });

/** In the caller's scope and not erased (an erased person has nothing left to match). */
const seeking = (request: FastifyRequest) => and(peopleScope(principalOf(request)), isNull(people.erasedAt));

const recommendationPage = z.object({
  items: z.array(z.object({ post: postSummary, score: z.number(), reasons: z.array(reasonSchema) })),
  nextCursor: z.string().nullable(),
});
type RecommendationPage = z.infer<typeof recommendationPage>;

export const recommendationRoutes: FastifyPluginAsyncZod<RouteContext & { matcher: MatcherPort }> = async (
  app,
  ctx,
) => {
  const { database, matcher } = ctx;
  const { db } = database;
  const posts = postsRepo(db);
  const handleKey = ctx.config.secrets.idHashKey;

  /** A person read for a purpose: audit-logged when in the caller's scope, a 404 otherwise. */
  const readPerson = async (request: FastifyRequest, id: string, purpose: string, action: string) => {
    const visible = await auditPersonIfVisible(
      database,
      ctx.audit,
      auditContext(request, purpose),
      id,
      () => seeking(request),
      action,
    );
    if (!visible) throw new NotFoundError('person');
  };

  app.get(
    '/v1/people/:id/recommendations',
    {
      config: { roles: access.personReaders },
      schema: {
        tags,
        security,
        summary: 'Posts for a person, best first, each with its score and reasons (audit-logged)',
        params: idParams,
        querystring: matchQuery,
        response: {
          200: recommendationPage,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await readPerson(request, id, 'recommendation', 'recommend');
      const key = `${request.query.limit}|${request.query.cursor ?? ''}`;
      // The page is cached as the JSON bytes its response schema produced (and, on first demand, their gzip):
      // a warm request costs the scope check, the audit row and a lookup, not a ranking, a serialization or a
      // compression.
      const body = await ctx.recommendations.get(id, key, async () => {
        const page = await matcher.postsForPerson(id, request.query);
        const found = await posts.getMany(page.items.map((m) => m.postId));
        const items = page.items.flatMap((m) => {
          const p = found.get(m.postId);
          if (!p) return [];
          return [
            {
              post: { ...p, headcountLeft: p.headcount - p.filledCount },
              score: m.score,
              reasons: m.reasons,
            },
          ];
        });
        const result: RecommendationPage = { items, nextCursor: page.nextCursor };
        return new EncodedBody(Buffer.from(JSON.stringify(z.encode(recommendationPage, result))));
      });
      return sendEncoded(request, reply, body);
    },
  );

  app.get(
    '/v1/people/:id/near-misses',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary:
          'What a person lacks for more posts (e.g. 叉车证), how many posts it would unlock, and courses',
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                missing: z.array(z.string()),
                postCount: z.number().int(),
                postIds: z.array(z.uuid()),
                courses: z.array(courseSchema),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      await readPerson(request, id, 'training_planning', 'near_miss');
      const misses = await matcher.nearMisses(id, request.query);
      const courses = await trainingRepo(db).getMany([...new Set(misses.flatMap((m) => m.courseIds))]);
      const byId = new Map(courses.map((c) => [c.id, c]));
      return {
        items: misses.map((m) => ({
          missing: m.missing,
          postCount: m.postCount,
          postIds: m.postIds,
          courses: m.courseIds.flatMap((c) => byId.get(c) ?? []),
        })),
      };
    },
  );

  app.get(
    '/v1/posts/:id/candidates',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'De-identified candidates for a post (only people who consented), best first',
        description:
          'Never a name, ID number, phone, status category or facility: each candidate has a handle that is stable for this employer only, and the employment bureau of the origin city as the contact path. Every candidate shown is audit-logged.',
        params: idParams,
        querystring: matchQuery,
        response: {
          200: z.object({
            post: z.object({ id: z.uuid(), title: z.string() }),
            items: z.array(candidateSchema),
            nextCursor: z.string().nullable(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const post = await posts.get(request.params.id, postsScope(principalOf(request)));
      const page = await matcher.peopleForPost(post.id, request.query);
      const eligible = await eligibleCandidates(
        db,
        page.items.map((m) => m.personId),
        post.employerId,
      );
      const kept = page.items.filter((m) => eligible.has(m.personId));
      if (kept.length < page.items.length) {
        request.log.warn(
          { dropped: page.items.length - kept.length, postId: post.id },
          'matcher proposed ineligible candidates',
        );
      }
      const cities = await cityNames(
        db,
        [...eligible.values()].map((p) => p.originRegionCode),
      );
      const items = kept.map((m) => {
        const person = eligible.get(m.personId)!;
        return toCandidate(
          { ...person, personId: m.personId, score: m.score, reasons: m.reasons },
          { handleKey, employerId: post.employerId, cityName: (c) => cities.get(c) ?? null },
        );
      });
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'candidate_search'),
        kept.map((m) => m.personId),
        'read_deidentified',
      );
      return { post: { id: post.id, title: post.title }, items, nextCursor: page.nextCursor };
    },
  );
};
