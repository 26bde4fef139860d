import type { DbOrTx } from '@qihang/shared/db/client';
import { DomainError, NotFoundError } from '@qihang/shared/errors';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertScopeTargets } from '../admin/routes';
import { access } from '../auth/roles';
import { errorResponses, idParams, security } from '../http/schemas';
import { auditContext, auditEvent } from '../privacy/audit';
import { isoTimestamp } from '../util/sql';
import { generateInitialPassword, hashPassword } from './passwords';
import { type AccountsRepo, accountsRepo } from './repo';
import type { AccountsContext } from './routes';
import { accountSchema, issuedPassword, newAccountBody } from './schemas';
import { sessionsRepo } from './sessions';
import { accountKey, signInThrottle } from './throttle';

const tags = ['管理 admin'];

class UsernameTakenError extends DomainError {
  constructor() {
    super(409, 'username_taken', '该用户名已被使用', [
      { path: 'body.username', message: '该用户名已被使用' },
    ]);
  }
}

type UserRow = NonNullable<Awaited<ReturnType<AccountsRepo['get']>>>;

/**
 * People's accounts, managed by admins: create (with a one-time initial password), list, reset a password,
 * unlock, disable and enable. An initial or reset password is returned once and must be changed at the
 * first sign-in with it.
 */
export const accountAdminRoutes: FastifyPluginAsyncZod<AccountsContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const accounts = accountsRepo(db);
  const sessions = sessionsRepo(db);
  const throttle = signInThrottle(db, ctx.now);

  async function views(rows: { user: UserRow; sessions: number }[]) {
    const states = await throttle.states(rows.map((r) => r.user.username ?? ''));
    return rows.map(({ user: u, sessions: activeSessions }) => {
      const state = states.get(accountKey(u.username ?? ''));
      return {
        id: u.id,
        username: u.username ?? '',
        name: u.name,
        role: u.role,
        regionCode: u.regionCode,
        facilityId: u.facilityId,
        employerId: u.employerId,
        portalId: u.portalId,
        mustChangePassword: u.mustChangePassword,
        disabledAt: isoTimestamp(u.disabledAt),
        lockedAt: isoTimestamp(state?.lockedAt ?? null),
        failedSignIns: state?.failures ?? 0,
        lastSignInAt: isoTimestamp(u.lastSignInAt),
        activeSessions,
        createdAt: isoTimestamp(u.createdAt)!,
      };
    });
  }
  const view = async (id: string) => {
    const rows = await accounts.list(new Date(ctx.now()), id);
    if (!rows[0]) throw new NotFoundError('account');
    return (await views(rows))[0]!;
  };

  /** The account, or 404 (a user with keys only is not an account). */
  async function account(id: string, tx: DbOrTx = db): Promise<UserRow> {
    const u = await accounts.get(id, tx);
    if (!u?.username) throw new NotFoundError('account');
    return u;
  }

  const audited = (request: FastifyRequest, action: string, id: string, tx: DbOrTx) =>
    auditEvent(tx, auditContext(request, 'account_management'), {
      action,
      subjectType: 'user',
      subjectId: id,
    });

  app.post(
    '/v1/admin/accounts',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'Create a person’s account (username, name, role, scope) with a one-time initial password',
        description:
          'The initial password is returned this once and stored only as an argon2id hash; give it to the person by a channel of its own. The first sign-in with it must set a new password (403 `password_change_required` elsewhere until then). 409 `username_taken` when the name exists in any case.',
        body: newAccountBody,
        response: { 201: issuedPassword, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body;
      await assertScopeTargets(db, body);
      if (await accounts.findByUsername(body.username)) throw new UsernameTakenError();
      const initialPassword = generateInitialPassword();
      const passwordHash = await hashPassword(initialPassword);
      const created = await db.transaction(async (tx) => {
        const u = await accounts.create({ ...body, passwordHash, mustChangePassword: true }, tx);
        await audited(request, 'create_account', u.id, tx);
        return u;
      });
      // A name taken in the meantime fails on the unique index, as a 500; the check above answers the rest.
      return reply.status(201).send({ account: await view(created.id), initialPassword });
    },
  );

  app.get(
    '/v1/admin/accounts',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'List people’s accounts: locked, disabled, must change password, sessions in use',
        response: { 200: z.object({ items: z.array(accountSchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await views(await accounts.list(new Date(ctx.now()))) }),
  );

  app.post(
    '/v1/admin/accounts/:id/reset-password',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'Reset a password: a new one-time password, shown once; sessions end, a lock is lifted',
        params: idParams,
        response: { 200: issuedPassword, ...errorResponses },
      },
    },
    async (request) => {
      const u = await account(request.params.id);
      const initialPassword = generateInitialPassword();
      const passwordHash = await hashPassword(initialPassword);
      await db.transaction(async (tx) => {
        await accounts.setPassword(u.id, passwordHash, true, new Date(ctx.now()), tx);
        await sessions.deleteOthers(u.id, null, tx);
        await audited(request, 'reset_password', u.id, tx);
      });
      await throttle.unlock(u.username!);
      return { account: await view(u.id), initialPassword };
    },
  );

  app.post(
    '/v1/admin/accounts/:id/unlock',
    {
      config: { roles: access.admin },
      schema: {
        tags,
        security,
        summary: 'Lift the lock after too many failed sign-ins (and forget the failures)',
        params: idParams,
        response: { 200: accountSchema, ...errorResponses },
      },
    },
    async (request) => {
      const u = await account(request.params.id);
      await throttle.unlock(u.username!);
      await audited(request, 'unlock_account', u.id, db);
      return view(u.id);
    },
  );

  for (const [action, disable] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/v1/admin/accounts/:id/${action}`,
      {
        config: { roles: access.admin },
        schema: {
          tags,
          security,
          summary: disable
            ? 'Disable an account: it cannot sign in and its sessions end (its API keys are revoked separately)'
            : 'Enable a disabled account again',
          params: idParams,
          response: { 200: accountSchema, ...errorResponses },
        },
      },
      async (request) => {
        const u = await account(request.params.id);
        await db.transaction(async (tx) => {
          await accounts.setDisabled(u.id, disable ? (u.disabledAt ?? new Date(ctx.now())) : null, tx);
          if (disable) await sessions.deleteOthers(u.id, null, tx);
          await audited(request, `${action}_account`, u.id, tx);
        });
        return view(u.id);
      },
    );
  }
};
