import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { assertReference } from '../auth/references';
import { access, type Principal, principalOf } from '../auth/roles';
import { assertRegionInScope, postsScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, pageOf, pageQuery, security } from '../http/schemas';
import { referenceRepo } from '../reference/repo';
import { decodeCursor } from '../util/cursor';
import { employersRepo } from './employers';
import { postsRepo } from './repo';
import {
  type PostCreate,
  type PostUpdate,
  postCreateBody,
  postListQuery,
  postSchema,
  postUpdateBody,
} from './schemas';

const tags = ['岗位供给清单 posts'];

export const postRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = postsRepo(db);
  const employerRepo = employersRepo(db);
  const reference = referenceRepo(db);

  /** A post's employer must be one the caller may use: an employer itself, a bureau one of its region. */
  async function checkReferences(p: Principal, body: PostCreate | PostUpdate) {
    await reference.assertKnown({
      region: [{ path: 'body.regionCode', codes: body.regionCode }],
      occupation: [{ path: 'body.occupationCode', codes: body.occupationCode }],
    });
    if ('employerId' in body) await assertReference(db, p, 'employer', body.employerId, 'body.employerId');
  }

  app.get(
    '/v1/posts',
    {
      config: { roles: access.postReaders },
      schema: {
        tags,
        security,
        summary: '岗位供给清单: list posts in scope, newest first (keyset paging)',
        querystring: pageQuery.extend(postListQuery.shape),
        response: { 200: pageOf(postSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return repo.list(postsScope(principalOf(request)), filters, decodeCursor(cursor), limit);
    },
  );

  app.get(
    '/v1/posts/:id',
    {
      config: { roles: access.postReaders },
      schema: {
        tags,
        security,
        summary: 'Read one post',
        params: idParams,
        response: { 200: postSchema, ...errorResponses },
      },
    },
    async (request) => repo.get(request.params.id, postsScope(principalOf(request))),
  );

  app.post(
    '/v1/posts',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'Create a post (queues its embedding)',
        body: postCreateBody,
        response: { 201: postSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      assertRegionInScope(p, request.body.regionCode, 'the post');
      await checkReferences(p, request.body);
      const post = await db.transaction(async (tx) => {
        await employerRepo.assertRecruiting(request.body.employerId, 'body.employerId', tx);
        const id = await repo.create(request.body, tx);
        return repo.get(id, undefined, tx);
      });
      return reply.status(201).send(post);
    },
  );

  app.patch(
    '/v1/posts/:id',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'Change a post; a content change bumps its version and queues a new embedding',
        params: idParams,
        body: postUpdateBody,
        response: { 200: postSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (request.body.regionCode) assertRegionInScope(p, request.body.regionCode, 'the post');
      await checkReferences(p, request.body);
      return db.transaction(async (tx) => {
        await repo.update(request.params.id, request.body, postsScope(p), tx);
        return repo.get(request.params.id, undefined, tx);
      });
    },
  );

  app.post(
    '/v1/posts/:id/close',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'Close a post (招聘结束); portals receive the new version',
        params: idParams,
        response: { 200: postSchema, ...errorResponses },
      },
    },
    async (request) =>
      db.transaction(async (tx) => {
        await repo.update(request.params.id, { status: 'closed' }, postsScope(principalOf(request)), tx);
        return repo.get(request.params.id, undefined, tx);
      }),
  );
};
