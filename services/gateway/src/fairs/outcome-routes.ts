import { placementTypes } from '@qihang/shared/domain/index';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertReferences } from '../auth/references';
import { access, principalOf } from '../auth/roles';
import { peopleScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, isoDate, security } from '../http/schemas';
import { auditContext, auditEvent } from '../privacy/audit';
import { outcomesRepo } from './outcomes';

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
  const { db } = ctx.database;

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
      await assertReferences(db, principal, [
        { kind: 'person', id: rest.personId, path: 'body.personId' },
        { kind: 'post', id: rest.postId, path: 'body.postId', forPerson: rest.personId },
        { kind: 'fair', id: fairId, path: 'body.fairId' },
      ]);
      const audit = auditContext(request, 'intent');
      const row = await repo.recordIntent({ ...rest, fairId: fairId ?? null }, peopleScope(principal), (tx) =>
        auditEvent(tx, audit, {
          action: 'intent',
          subjectType: 'person',
          subjectId: rest.personId,
        }),
      );
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
      const principal = principalOf(request);
      await assertReferences(db, principal, [
        { kind: 'person', id: b.personId, path: 'body.personId' },
        { kind: 'post', id: b.postId, path: 'body.postId', forPerson: b.personId },
        { kind: 'employer', id: b.employerId, path: 'body.employerId' },
      ]);
      const audit = auditContext(request, 'placement');
      const row = await repo.recordPlacement(
        {
          personId: b.personId,
          postId: b.postId ?? null,
          employerId: b.employerId ?? null,
          type: b.type,
          startDate: b.startDate,
          endDate: b.endDate ?? null,
        },
        peopleScope(principal),
        // A placement changes the person's status (placed): who, when, why, and which placement.
        (tx) =>
          auditEvent(tx, audit, {
            action: 'placement',
            subjectType: 'person',
            subjectId: b.personId,
          }),
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
