import { people } from '@qihang/shared/db/schema/index';
import { consentPurposes } from '@qihang/shared/domain/index';
import { ConflictError, NotFoundError } from '@qihang/shared/errors';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { peopleScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, security, timestamp } from '../http/schemas';
import { auditContext, auditEvent, auditPersonReads } from '../privacy/audit';
import { consentsRepo } from './consents';

const tags = ['授权同意 consent'];

const consentSchema = z
  .object({
    id: z.uuid(),
    purpose: z.enum(consentPurposes),
    purposeLabel: z.string(),
    granted: z.boolean(),
    recordedAt: timestamp,
    recordedBy: z.string().nullable(),
    evidence: z.string().nullable().describe('where the signed form is kept, e.g. 档案号'),
  })
  .meta({ id: 'Consent' });

export const consentRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = consentsRepo(db);

  /** The person must be in the caller's scope; an erased person can only have consent withdrawn. */
  async function person(id: string, scope: ReturnType<typeof peopleScope>) {
    const [row] = await db
      .select({ id: people.id, erasedAt: people.erasedAt })
      .from(people)
      .where(and(eq(people.id, id), scope));
    if (!row) throw new NotFoundError('person');
    return row;
  }

  app.get(
    '/v1/people/:id/consents',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Consent history of a person, newest first, and the current state per purpose',
        params: z.object({ id: z.uuid() }),
        response: {
          200: z.object({
            current: z.record(z.enum(consentPurposes), z.boolean()),
            history: z.array(consentSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await person(request.params.id, peopleScope(principalOf(request)));
      const history = await repo.history(request.params.id);
      const current = Object.fromEntries(
        consentPurposes.map((purpose) => [
          purpose,
          history.find((h) => h.purpose === purpose)?.granted ?? false,
        ]),
      ) as Record<(typeof consentPurposes)[number], boolean>;
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'consent'),
        [request.params.id],
        'read_consents',
      );
      return { current, history };
    },
  );

  app.post(
    '/v1/people/:id/consents',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Record consent (granted or refused) for a purpose',
        params: z.object({ id: z.uuid() }),
        body: z
          .object({
            purpose: z.enum(consentPurposes),
            granted: z.boolean(),
            evidence: z.string().trim().max(200).optional(),
          })
          .strict(),
        response: { 201: consentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const found = await person(request.params.id, peopleScope(p));
      if (found.erasedAt && request.body.granted) throw new ConflictError('the person has been erased');
      const audit = auditContext(request, 'consent');
      const record = await db.transaction(async (tx) => {
        const r = await repo.record({ personId: found.id, recordedBy: p.userId, ...request.body }, tx);
        await auditEvent(tx, audit, {
          action: request.body.granted ? 'consent_grant' : 'consent_refuse',
          subjectType: 'person',
          subjectId: found.id,
        });
        return r;
      });
      return reply.status(201).send(record);
    },
  );

  app.delete(
    '/v1/people/:id/consents/:purpose',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Withdraw consent for a purpose: the person leaves shortlists and feeds at once',
        params: z.object({ id: z.uuid(), purpose: z.enum(consentPurposes) }),
        response: { 200: consentSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const found = await person(request.params.id, peopleScope(p));
      const audit = auditContext(request, 'consent');
      return db.transaction(async (tx) => {
        const r = await repo.record(
          { personId: found.id, purpose: request.params.purpose, granted: false, recordedBy: p.userId },
          tx,
        );
        await auditEvent(tx, audit, {
          action: 'consent_withdraw',
          subjectType: 'person',
          subjectId: found.id,
        });
        return r;
      });
    },
  );
};
