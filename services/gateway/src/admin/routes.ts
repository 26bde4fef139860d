import type { DbOrTx } from '@qihang/shared/db/client';
import { employers, portals } from '@qihang/shared/db/schema/index';
import { NotFoundError, ValidationError } from '@qihang/shared/errors';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import { usersRepo } from '../auth/users';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, security, timestamp } from '../http/schemas';
import { auditContext, auditEvent } from '../privacy/audit';
import { referenceRepo } from '../reference/repo';
import { isoTimestamp } from '../util/sql';
import {
  issuedKeySchema,
  issuedView,
  keyOptions,
  keySchema,
  keyView,
  newUserBody,
  userSchema,
} from './schemas';

const tags = ['管理 admin'];

/** The region, facility, employer or portal a new user's scope names exists (422 naming the field if not). */
export async function assertScopeTargets(
  db: DbOrTx,
  u: {
    regionCode?: string | undefined;
    facilityId?: string | undefined;
    employerId?: string | undefined;
    portalId?: string | undefined;
  },
) {
  await referenceRepo(db).assertKnown({
    region: [{ path: 'body.regionCode', codes: u.regionCode }],
    facility: [{ path: 'body.facilityId', codes: u.facilityId }],
  });
  const missing = [];
  if (
    u.employerId &&
    (
      await db
        .select()
        .from(employers)
        .where(inArray(employers.id, [u.employerId]))
    ).length === 0
  ) {
    missing.push({ path: 'body.employerId', message: '用人单位不存在' });
  }
  if (
    u.portalId &&
    (
      await db
        .select()
        .from(portals)
        .where(inArray(portals.id, [u.portalId]))
    ).length === 0
  ) {
    missing.push({ path: 'body.portalId', message: '就业网站不存在' });
  }
  if (missing.length) throw new ValidationError('unknown scope target', missing);
}

export const adminRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const repo = usersRepo(db);

  app.post(
    '/v1/admin/users',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary:
          'Create a user (a bureau office, facility, organizer, employer, portal or admin) and its first key',
        description:
          'The key is returned once and stored only as a hash. Scope: bureau → regionCode, facility → facilityId, employer → employerId, portal → portalId.',
        body: newUserBody,
        response: { 201: z.object({ user: userSchema, key: issuedKeySchema }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { key, ...user } = request.body;
      await assertScopeTargets(db, request.body);
      const audit = auditContext(request, 'key_management');
      const result = await db.transaction(async (tx) => {
        const created = await repo.create(user, tx);
        const issued = await repo.issueKey(created.id, key, tx);
        await auditEvent(tx, audit, { action: 'create_user', subjectType: 'user', subjectId: created.id });
        return { user: { ...created, createdAt: isoTimestamp(created.createdAt) }, key: issuedView(issued) };
      });
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/v1/admin/users',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'List users and their keys (never the secrets)',
        response: {
          200: z.object({ items: z.array(userSchema.extend({ keys: z.array(keySchema) })) }),
          ...errorResponses,
        },
      },
    },
    async () => ({
      items: (await repo.list()).map((u) => ({
        ...u,
        createdAt: isoTimestamp(u.createdAt),
        keys: u.keys.map(keyView),
      })),
    }),
  );

  app.post(
    '/v1/admin/users/:id/keys',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'Issue another key for a user (e.g. to rotate): shown once',
        params: idParams,
        body: keyOptions,
        response: { 201: issuedKeySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await repo.get(request.params.id))) throw new NotFoundError('user');
      const audit = auditContext(request, 'key_management');
      const issued = await db.transaction(async (tx) => {
        const k = await repo.issueKey(request.params.id, request.body, tx);
        await auditEvent(tx, audit, {
          action: 'issue_key',
          subjectType: 'user',
          subjectId: request.params.id,
        });
        return k;
      });
      return reply.status(201).send(issuedView(issued));
    },
  );

  app.delete(
    '/v1/admin/keys/:id',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'Revoke a key (idempotent)',
        params: idParams,
        response: {
          200: z.object({ id: z.uuid(), prefix: z.string(), revokedAt: timestamp }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const audit = auditContext(request, 'key_management');
      const revoked = await db.transaction(async (tx) => {
        const r = await repo.revokeKey(request.params.id, tx);
        if (!r?.revokedAt) throw new NotFoundError('key');
        await auditEvent(tx, audit, {
          action: 'revoke_key',
          subjectType: 'api_key',
          subjectId: request.params.id,
        });
        return r;
      });
      app.forgetKey(revoked.prefix);
      return { id: request.params.id, prefix: revoked.prefix, revokedAt: isoTimestamp(revoked.revokedAt!) };
    },
  );

  app.get(
    '/v1/me',
    {
      config: { roles: access.everyone },
      schema: {
        tags,
        security,
        summary: 'Who this key (or signed-in session) belongs to, its role and scope',
        response: {
          200: userSchema
            .omit({ createdAt: true })
            .extend({ keyId: z.uuid().nullable(), sessionId: z.uuid().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const user = await repo.get(p.userId);
      if (!user) throw new NotFoundError('user');
      return {
        id: p.userId,
        name: user.name,
        role: p.role,
        regionCode: p.regionCode,
        facilityId: p.facilityId,
        employerId: p.employerId,
        portalId: p.portalId,
        keyId: p.keyId,
        sessionId: p.sessionId,
      };
    },
  );
};
