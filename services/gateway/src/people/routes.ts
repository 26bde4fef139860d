import { ForbiddenError } from '@qihang/shared/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertReference } from '../auth/references';
import { access, type Principal, principalOf } from '../auth/roles';
import { peopleScope, regionInScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, pageOf, pageQuery, security, timestamp } from '../http/schemas';
import { auditContext, auditEvent, auditPersonReads } from '../privacy/audit';
import { referenceRepo } from '../reference/repo';
import { decodeCursor } from '../util/cursor';
import { erasePerson } from './erasure';
import { IdNumberTakenError, peopleRepo } from './repo';
import {
  type PersonCreate,
  type PersonUpdate,
  personCloseBody,
  personCreateBody,
  personListQuery,
  personSchema,
  personUpdateBody,
} from './schemas';

const tags = ['求职需求清单 people'];

/**
 * A bureau writes only people from or living in its region; the facility a person is put in must be one the
 * caller may use (a facility: itself; a bureau: one in its region), through the one reference check.
 */
async function checkWriteScope(ctx: RouteContext, p: Principal, body: PersonCreate | PersonUpdate) {
  await assertReference(ctx.database.db, p, 'facility', body.facilityId, 'body.facilityId');
  const codes = [body.originRegionCode, body.currentRegionCode].filter((c): c is string => !!c);
  if (codes.length > 0 && !codes.some((c) => regionInScope(p, c))) {
    throw new ForbiddenError("the person's origin and current region lie outside this key's region");
  }
}

async function checkReferences(ctx: RouteContext, body: PersonCreate | PersonUpdate) {
  await referenceRepo(ctx.database.db).assertKnown({
    region: [
      { path: 'body.originRegionCode', codes: body.originRegionCode },
      { path: 'body.currentRegionCode', codes: body.currentRegionCode },
      { path: 'body.acceptableRegionCodes', codes: body.acceptableRegionCodes },
    ],
    occupation: [{ path: 'body.desiredOccupations', codes: body.desiredOccupations }],
    facility: [{ path: 'body.facilityId', codes: body.facilityId }],
  });
}

export const peopleRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const repo = peopleRepo(ctx.database.db, { idHashKey: ctx.config.secrets.idHashKey });

  /** An ID number already on file answers 409, which tells the caller it is known: leave a trace. */
  const auditIdNumberConflict = (audit: ReturnType<typeof auditContext>) => async (err: unknown) => {
    if (err instanceof IdNumberTakenError) {
      await auditEvent(db, audit, {
        action: 'id_number_conflict',
        subjectType: 'person',
        subjectId: err.personId,
      });
    }
    throw err;
  };
  const { db } = ctx.database;

  app.get(
    '/v1/people',
    {
      config: { roles: access.personReaders },
      schema: {
        tags,
        security,
        summary: '求职需求清单: list job-seekers in scope, newest first (keyset paging)',
        description:
          'Each person returned is written to the audit log (one row per person). State why in the `x-purpose` header.',
        querystring: pageQuery.extend(personListQuery.shape),
        response: { 200: pageOf(personSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const result = await repo.list(peopleScope(principalOf(request)), filters, decodeCursor(cursor), limit);
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'list'),
        result.items.map((p) => p.id),
        'list',
      );
      return result;
    },
  );

  app.get(
    '/v1/people/:id',
    {
      config: { roles: access.personReaders },
      schema: {
        tags,
        security,
        summary: 'Read one job-seeker (audit-logged)',
        params: idParams,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => {
      const person = await repo.get(request.params.id, peopleScope(principalOf(request)));
      await auditPersonReads(ctx.audit, auditContext(request, 'view'), [person.id], 'read');
      return person;
    },
  );

  app.post(
    '/v1/people',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Register a job-seeker (the ID number is kept only as a keyed hash)',
        body: personCreateBody,
        response: { 201: personSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const body: PersonCreate = { ...request.body };
      if (p.role === 'facility' && body.facilityId === undefined) body.facilityId = p.facilityId;
      await checkWriteScope(ctx, p, body);
      await checkReferences(ctx, body);
      const audit = auditContext(request, 'register');
      const person = await db
        .transaction(async (tx) => {
          const id = await repo.create(body, tx);
          await auditEvent(tx, audit, { action: 'create', subjectType: 'person', subjectId: id });
          return repo.get(id, undefined, tx);
        })
        .catch(auditIdNumberConflict(audit));
      return reply.status(201).send(person);
    },
  );

  app.patch(
    '/v1/people/:id',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Correct a job-seeker; text changes queue a new embedding',
        params: idParams,
        body: personUpdateBody,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      // Erasure is final: an erased person is never corrected back to life (409 person_erased).
      await assertReference(db, p, 'person', request.params.id, 'params.id');
      await checkWriteScope(ctx, p, request.body);
      await checkReferences(ctx, request.body);
      const scope = peopleScope(p);
      const audit = auditContext(request, 'correct');
      ctx.recommendations.forget(request.params.id);
      ctx.audit.visibility.forget(request.params.id);
      return db
        .transaction(async (tx) => {
          await repo.update(request.params.id, request.body, scope, tx);
          await auditEvent(tx, audit, {
            action: 'update',
            subjectType: 'person',
            subjectId: request.params.id,
          });
          return repo.get(request.params.id, undefined, tx);
        })
        .catch(auditIdNumberConflict(audit));
    },
  );

  app.post(
    '/v1/people/:id/close',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Close a job-seeker: placed (已就业) or inactive (暂停)',
        params: idParams,
        body: personCloseBody,
        response: { 200: personSchema, ...errorResponses },
      },
    },
    async (request) => {
      await assertReference(db, principalOf(request), 'person', request.params.id, 'params.id');
      const scope = peopleScope(principalOf(request));
      const audit = auditContext(request, 'close');
      ctx.recommendations.forget(request.params.id);
      ctx.audit.visibility.forget(request.params.id);
      return db.transaction(async (tx) => {
        await repo.setStatus(request.params.id, request.body.status, scope, tx);
        await auditEvent(tx, audit, { action: 'close', subjectType: 'person', subjectId: request.params.id });
        return repo.get(request.params.id, undefined, tx);
      });
    },
  );

  app.post(
    '/v1/people/:id/erase',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Erase a person: personal data removed, anonymous counts kept',
        description:
          'Nulls name, phone, ID hash, status category, facility, birth year, gender, education, free text, skills, certificates and dates, deletes the embedding and records consent withdrawn. Keeps origin/current region, registration time, desired occupations, acceptable regions and willingness flags, so the 四个底数 do not change. Idempotent.',
        params: idParams,
        response: {
          200: z.object({ id: z.uuid(), erasedAt: timestamp, alreadyErased: z.boolean() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const audit = auditContext(request, 'erasure');
      ctx.recommendations.forget(request.params.id);
      ctx.audit.visibility.forget(request.params.id);
      return db.transaction(async (tx) => {
        const result = await erasePerson(tx, request.params.id, peopleScope(p), p.userId);
        if (!result.alreadyErased) {
          await auditEvent(tx, audit, { action: 'erase', subjectType: 'person', subjectId: result.id });
        }
        return result;
      });
    },
  );
};
