import { ForbiddenError } from '@qihang/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { assertRegionInScope, employersScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, pageOf, pageQuery, security } from '../http/schemas';
import { referenceRepo } from '../reference/repo';
import { decodeCursor } from '../util/cursor';
import {
  employerCreateBody,
  employerListQuery,
  employerSchema,
  employerUpdateBody,
} from './employer-schemas';
import { employersRepo } from './employers';

const tags = ['用人单位 employers'];
/** What an employer may change about itself; the 爱心企业 and subsidy flags are certified by the bureau. */
const selfService = new Set(['contactName', 'contactPhone', 'industry']);

export const employerRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = employersRepo(db);
  const reference = referenceRepo(db);

  app.get(
    '/v1/employers',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'List employers in scope',
        querystring: pageQuery.extend(employerListQuery.shape),
        response: { 200: pageOf(employerSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return repo.list(employersScope(principalOf(request)), filters, decodeCursor(cursor), limit);
    },
  );

  app.get(
    '/v1/employers/:id',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'Read one employer',
        params: idParams,
        response: { 200: employerSchema, ...errorResponses },
      },
    },
    async (request) => repo.get(request.params.id, employersScope(principalOf(request))),
  );

  app.post(
    '/v1/employers',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: 'Register an employer',
        body: employerCreateBody,
        response: { 201: employerSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      assertRegionInScope(principalOf(request), request.body.regionCode, 'the employer');
      await reference.assertKnown({ region: [{ path: 'body.regionCode', codes: request.body.regionCode }] });
      const id = await repo.create(request.body);
      return reply.status(201).send(await repo.get(id, undefined));
    },
  );

  app.patch(
    '/v1/employers/:id',
    {
      config: { roles: access.postOwners },
      schema: {
        tags,
        security,
        summary: 'Change an employer (an employer key may change only its contact and industry)',
        params: idParams,
        body: employerUpdateBody,
        response: { 200: employerSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (p.role === 'employer' && Object.keys(request.body).some((k) => !selfService.has(k))) {
        throw new ForbiddenError('an employer key may change only contactName, contactPhone and industry');
      }
      if (request.body.regionCode) assertRegionInScope(p, request.body.regionCode, 'the employer');
      await reference.assertKnown({ region: [{ path: 'body.regionCode', codes: request.body.regionCode }] });
      await repo.update(request.params.id, request.body, employersScope(p));
      return repo.get(request.params.id, undefined);
    },
  );

  app.post(
    '/v1/employers/:id/close',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary:
          'Close an employer (停止招聘): all its open posts are closed, and it takes no new ones until reopened',
        params: idParams,
        response: { 200: z.object({ id: z.uuid(), closedPosts: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const scope = employersScope(principalOf(request));
      const closedPosts = await db.transaction((tx) => repo.close(request.params.id, scope, tx));
      return { id: request.params.id, closedPosts };
    },
  );

  app.post(
    '/v1/employers/:id/reopen',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary:
          'Reopen a closed employer: new posts are accepted again (API or list); the posts closed with it stay closed',
        params: idParams,
        response: { 200: employerSchema, ...errorResponses },
      },
    },
    async (request) => {
      await repo.reopen(request.params.id, employersScope(principalOf(request)));
      return repo.get(request.params.id, undefined);
    },
  );
};
