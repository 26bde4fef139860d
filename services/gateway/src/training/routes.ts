import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { assertRegionInScope, trainingWriteScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import {
  errorResponses,
  idParams,
  labelList,
  occupationCode,
  pageOf,
  pageQuery,
  regionCode,
  security,
  timestamp,
} from '../http/schemas';
import { referenceRepo } from '../reference/repo';
import { decodeCursor } from '../util/cursor';
import { trainingRepo } from './repo';

const tags = ['技能培训 training'];

const courseFields = {
  name: z.string().trim().min(1).max(100),
  occupationCode: occupationCode.nullable(),
  skillsTaught: labelList,
  certificatesTaught: labelList.describe('e.g. 叉车证'),
  provider: z.string().trim().min(1).max(100),
  regionCode: regionCode.nullable(),
  durationDays: z.number().int().min(1).max(730),
  costYuan: z.number().int().min(0).max(1_000_000).describe('cost per trainee, yuan'),
};
const createBody = z
  .object(courseFields)
  .partial()
  .required({ name: true, provider: true, durationDays: true, costYuan: true })
  .strict();
const updateBody = z.object(courseFields).partial().strict();

export const courseSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    occupationCode: z.string().nullable(),
    occupationName: z.string().nullable(),
    skillsTaught: z.array(z.string()),
    certificatesTaught: z.array(z.string()),
    provider: z.string(),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    durationDays: z.number().int(),
    costYuan: z.number().int(),
    createdAt: timestamp,
  })
  .meta({ id: 'TrainingCourse' });

export const trainingRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = trainingRepo(db);
  const reference = referenceRepo(db);
  const checkCodes = (body: { regionCode?: string | null; occupationCode?: string | null }) =>
    reference.assertKnown({
      region: [{ path: 'body.regionCode', codes: body.regionCode }],
      occupation: [{ path: 'body.occupationCode', codes: body.occupationCode }],
    });

  app.get(
    '/v1/training-courses',
    {
      config: { roles: access.trainingReaders },
      schema: {
        tags,
        security,
        summary: 'List training courses (技能培训)',
        querystring: pageQuery.extend({
          region: regionCode.optional(),
          occupation: z
            .string()
            .regex(/^\d(-\d{2}){0,3}$/)
            .optional(),
          certificate: z.string().max(50).optional(),
        }),
        response: { 200: pageOf(courseSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return repo.list(filters, decodeCursor(cursor), limit);
    },
  );

  app.get(
    '/v1/training-courses/:id',
    {
      config: { roles: access.trainingReaders },
      schema: {
        tags,
        security,
        summary: 'Read one course',
        params: idParams,
        response: { 200: courseSchema, ...errorResponses },
      },
    },
    async (request) => repo.get(request.params.id),
  );

  app.post(
    '/v1/training-courses',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: 'Create a course',
        body: createBody,
        response: { 201: courseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      assertRegionInScope(p, request.body.regionCode, 'the course');
      await checkCodes(request.body);
      const id = await repo.create(request.body);
      return reply.status(201).send(await repo.get(id));
    },
  );

  app.patch(
    '/v1/training-courses/:id',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: 'Change a course',
        params: idParams,
        body: updateBody,
        response: { 200: courseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      if (request.body.regionCode !== undefined)
        assertRegionInScope(p, request.body.regionCode, 'the course');
      await checkCodes(request.body);
      await repo.update(request.params.id, request.body, trainingWriteScope(p));
      return repo.get(request.params.id);
    },
  );

  app.delete(
    '/v1/training-courses/:id',
    {
      config: { roles: access.officials },
      schema: {
        tags,
        security,
        summary: 'Close (remove) a course',
        params: idParams,
        response: { 204: z.null().describe('removed'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await repo.remove(request.params.id, trainingWriteScope(principalOf(request)));
      return reply.status(204).send(null);
    },
  );
};
