import { placementTypes } from '@qihang/shared/domain/index';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { peopleScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, isoDate, security } from '../http/schemas';
import { outcomesRepo } from './outcomes';
import { fairScope, fairsRepo } from './repo';

const tags = ['就业安置 outcomes'];

const intentSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    postId: z.uuid(),
    fairId: z.uuid().nullable(),
    signedOn: z.string(),
    status: z.enum(['signed', 'cancelled', 'fulfilled']),
  })
  .meta({ id: 'Intent' });

const placementSchema = z
  .object({
    id: z.uuid(),
    personId: z.uuid(),
    postId: z.uuid().nullable(),
    employerId: z.uuid().nullable(),
    type: z.enum(placementTypes),
    startDate: z.string(),
    endDate: z.string().nullable(),
    regionCode: z.string(),
  })
  .meta({ id: 'Placement' });

export const outcomeRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const repo = outcomesRepo(ctx.database);
  const fairs = fairsRepo(ctx.database);

  app.post(
    '/v1/intents',
    {
      config: { roles: ['admin', 'bureau', 'organizer'] },
      schema: {
        tags,
        security,
        summary: '意向性就业协议书: record a letter of intent (at or after a fair)',
        body: z.object({
          personId: z.uuid(),
          postId: z.uuid(),
          fairId: z.uuid().optional(),
          signedOn: isoDate,
        }),
        response: { 201: intentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { fairId, ...rest } = request.body;
      if (fairId) await fairs.get(fairId, fairScope(principal));
      const row = await repo.recordIntent({ ...rest, fairId: fairId ?? null }, peopleScope(principal));
      return reply.code(201).send(row);
    },
  );

  app.post(
    '/v1/placements',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary:
          '就业安置: record a placement; fills a place on the post (a full post stops being recommended)',
        body: z.object({
          personId: z.uuid(),
          postId: z.uuid().optional(),
          employerId: z.uuid().optional(),
          type: z.enum(placementTypes).describe('集中/分散/自主创业/公益性岗位/其他'),
          startDate: isoDate,
          endDate: isoDate.optional(),
        }),
        response: { 201: placementSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const row = await repo.recordPlacement(
        {
          personId: b.personId,
          postId: b.postId ?? null,
          employerId: b.employerId ?? null,
          type: b.type,
          startDate: b.startDate,
          endDate: b.endDate ?? null,
        },
        peopleScope(principalOf(request)),
      );
      ctx.recommendations.forget(b.personId);
      return reply.code(201).send(row);
    },
  );

  app.post(
    '/v1/placements/:id/retention-checks',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Retention check at 1, 3 or 6 months (3 months decides subsidies); re-recording replaces it',
        params: idParams,
        body: z.object({
          months: z.union([z.literal(1), z.literal(3), z.literal(6)]),
          stillEmployed: z.boolean(),
          note: z.string().max(500).optional(),
        }),
        response: {
          200: z.object({ placementId: z.uuid(), months: z.number().int(), stillEmployed: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const b = request.body;
      return repo.recordRetention(
        request.params.id,
        { months: b.months, stillEmployed: b.stillEmployed, note: b.note ?? null },
        peopleScope(principalOf(request)),
      );
    },
  );
};
