import { DomainError, UnauthorizedError } from '@qihang/shared/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../auth/roles';
import type { RouteContext } from '../http/context';
import { errorResponses } from '../http/schemas';
import { type AuditContext, auditContext, auditEvent } from '../privacy/audit';
import { hashPassword, passwordProblem, spendVerifyTime, verifyPassword } from './passwords';
import { accountsRepo } from './repo';
import { passwordBody, sessionAnswer, signedOut, signInBody, tooManyAttempts } from './schemas';
import {
  csrfTokenFor,
  hashSessionToken,
  liveSessions,
  newSessionToken,
  readSessionToken,
  sessionCookie,
  sessionsRepo,
} from './sessions';
import { signInThrottle } from './throttle';

export interface AccountsContext extends RouteContext {
  /** The clock sessions and throttling read (tests move it). */
  now: () => number;
}

const tags = ['登录 sign-in'];
/** Session routes name the cookie (and a key is refused on them). */
export const sessionSecurity: { [scheme: string]: string[] }[] = [{ session: [] }];

class InvalidCredentialsError extends DomainError {
  constructor() {
    super(401, 'invalid_credentials', '用户名或密码不正确');
  }
}
export class WeakPasswordError extends DomainError {
  constructor(rule: string) {
    super(422, 'weak_password', rule, [{ path: 'body.newPassword', message: rule }]);
  }
}
class WrongPasswordError extends DomainError {
  constructor() {
    super(422, 'wrong_password', '当前密码不正确', [
      { path: 'body.currentPassword', message: '当前密码不正确' },
    ]);
  }
}
export class AccountLockedError extends DomainError {
  constructor() {
    super(423, 'account_locked', '登录失败次数过多，账号已锁定，请联系管理员解锁');
  }
}

type UserRow = NonNullable<Awaited<ReturnType<ReturnType<typeof accountsRepo>['get']>>>;

/** People's sign-in: `/v1/auth/*` (the contract the console is built on; README, "Accounts and sessions"). */
export const authRoutes: FastifyPluginAsyncZod<AccountsContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const accounts = accountsRepo(db);
  const sessions = sessionsRepo(db);
  const throttle = signInThrottle(db, ctx.now);
  const findSession = liveSessions(db, ctx.now);

  const userView = async (u: UserRow) => ({
    id: u.id,
    username: u.username ?? '',
    name: u.name,
    role: u.role,
    regionCode: u.regionCode,
    regionName: await accounts.regionName(u.regionCode),
    facilityId: u.facilityId,
    employerId: u.employerId,
    mustChangePassword: u.mustChangePassword,
  });

  /** The signed-in session's token and user (the routes below are session-only). */
  async function current(request: FastifyRequest) {
    const p = principalOf(request);
    const token = readSessionToken(request);
    const user = await accounts.get(p.userId);
    if (!token || !p.sessionId || !user) throw new UnauthorizedError('登录已失效，请重新登录');
    return { principal: p, token, user };
  }

  const eventContext = (request: FastifyRequest, user: UserRow): AuditContext => ({
    actorUserId: user.id,
    actorRole: user.role,
    route: `${request.method} ${request.routeOptions.url ?? request.url}`,
    requestId: String(request.id),
    purpose: 'sign_in',
  });

  app.post(
    '/v1/auth/sign-in',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Sign in with username and password: sets the session cookie, returns the user and CSRF token',
        description:
          'Sets cookie `qihang_session` (HttpOnly, SameSite=Strict, Path=/, Secure over TLS). The session ends after 30 minutes without a request, 12 hours after sign-in, or at sign-out. 401 `invalid_credentials` (unknown name and wrong password alike); 429 `too_many_attempts` with `details.retryAfterSeconds` (and `retry-after`) after 5 failures on a name or 20 from one address in 15 minutes; 423 `account_locked` after 10 failures on a name, until an admin unlocks it. When `user.mustChangePassword`, only `/v1/auth/*` answer until POST /v1/auth/password.',
        body: signInBody,
        response: { 200: sessionAnswer, 423: errorResponses[401], 429: tooManyAttempts, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const verdict = await throttle.check(username, request.ip);
      if (!verdict.ok) {
        if (verdict.locked) throw new AccountLockedError();
        return tooMany(request, reply, verdict.retryAfterSeconds);
      }
      const user = await accounts.findByUsername(username);
      // An unknown name costs one verification too, so the answer's timing does not tell names apart.
      const right = user?.passwordHash
        ? await verifyPassword(user.passwordHash, password)
        : await spendVerifyTime(password);
      if (!user || !right || user.disabledAt) {
        await throttle.failed(username, request.ip);
        throw new InvalidCredentialsError();
      }
      await throttle.succeeded(username);
      const old = readSessionToken(request);
      const at = new Date(ctx.now());
      const { token, tokenHash } = newSessionToken();
      await db.transaction(async (tx) => {
        if (old) await sessions.deleteByToken(hashSessionToken(old), tx);
        await sessions.create(
          user.id,
          tokenHash,
          at,
          { userAgent: request.headers['user-agent'], address: request.ip },
          tx,
        );
        await accounts.signedIn(user.id, at, tx);
        await auditEvent(tx, eventContext(request, user), {
          action: 'sign_in',
          subjectType: 'user',
          subjectId: user.id,
        });
      });
      reply.header('set-cookie', sessionCookie(request, token));
      return { user: await userView(user), csrfToken: csrfTokenFor(token) };
    },
  );

  app.get(
    '/v1/auth/session',
    {
      // Public: a signed-out browser asks too, and hears "nobody" as an answer rather than an error.
      config: { public: true },
      schema: {
        tags,
        summary: 'The signed-in user and the session’s CSRF token; both null without a live session',
        description:
          'Reads the session cookie only (an API key is ignored here). A live session counts this as activity. Without a cookie, or with one of an ended session, 200 `{ user: null, csrfToken: null }`.',
        response: { 200: sessionAnswer.or(signedOut), ...errorResponses },
      },
    },
    async (request) => {
      const { live } = await findSession(request);
      if (!live) return { user: null, csrfToken: null };
      await live.touch();
      return { user: await userView(live.user), csrfToken: csrfTokenFor(live.token) };
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      config: { roles: access.everyone, sessionOnly: true, duringPasswordChange: true },
      schema: {
        tags,
        security: sessionSecurity,
        summary: 'Sign out: ends this session and clears the cookie',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { principal, user } = await current(request);
      await db.transaction(async (tx) => {
        await sessions.delete(principal.sessionId!, tx);
        await auditEvent(tx, auditContext(request, 'sign_in'), {
          action: 'sign_out',
          subjectType: 'user',
          subjectId: user.id,
        });
      });
      reply.header('set-cookie', sessionCookie(request, null));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/v1/auth/sign-out-others',
    {
      config: { roles: access.everyone, sessionOnly: true, duringPasswordChange: true },
      schema: {
        tags,
        security: sessionSecurity,
        summary: 'Sign out every other session of this user (other browsers, other devices)',
        response: { 200: z.object({ revoked: z.number().int() }), ...errorResponses },
      },
    },
    async (request) => {
      const { principal, user } = await current(request);
      const revoked = await db.transaction(async (tx) => {
        const n = await sessions.deleteOthers(user.id, principal.sessionId, tx);
        await auditEvent(tx, auditContext(request, 'sign_in'), {
          action: 'sign_out_others',
          subjectType: 'user',
          subjectId: user.id,
        });
        return n;
      });
      return { revoked };
    },
  );

  app.post(
    '/v1/auth/password',
    {
      config: { roles: access.everyone, sessionOnly: true, duringPasswordChange: true },
      schema: {
        tags,
        security: sessionSecurity,
        summary: 'Change one’s own password (required after the first sign-in and after a reset)',
        description:
          'Rules: at least 10 characters; not the username nor containing it; not of one kind of character only; not a common password; not the current one. 422 `weak_password` names the broken rule in Chinese (`message`, and `details` at body.newPassword); 422 `wrong_password` when the current password is wrong (it counts as a failed sign-in). Every other session of the user is signed out.',
        body: passwordBody,
        response: { 204: z.null(), 429: tooManyAttempts, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { principal, user } = await current(request);
      const verdict = await throttle.check(user.username ?? '', request.ip);
      if (!verdict.ok) {
        if (verdict.locked) throw new AccountLockedError();
        return tooMany(request, reply, verdict.retryAfterSeconds);
      }
      const { currentPassword, newPassword } = request.body;
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
        await throttle.failed(user.username ?? '', request.ip);
        throw new WrongPasswordError();
      }
      const problem =
        passwordProblem(newPassword, user.username) ??
        (newPassword === currentPassword ? '新密码不能与当前密码相同' : null);
      if (problem) throw new WeakPasswordError(problem);
      const passwordHash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await accounts.setPassword(user.id, passwordHash, false, new Date(ctx.now()), tx);
        // Whoever else was signed in with the old password is not any more.
        await sessions.deleteOthers(user.id, principal.sessionId, tx);
        await auditEvent(tx, auditContext(request, 'sign_in'), {
          action: 'change_password',
          subjectType: 'user',
          subjectId: user.id,
        });
      });
      return reply.status(204).send(null);
    },
  );
};

function tooMany(request: FastifyRequest, reply: FastifyReply, retryAfterSeconds: number) {
  return reply
    .status(429)
    .header('retry-after', String(retryAfterSeconds))
    .send({
      statusCode: 429,
      code: 'too_many_attempts',
      message: `尝试次数过多，请 ${Math.ceil(retryAfterSeconds / 60)} 分钟后再试`,
      requestId: String(request.id),
      details: { retryAfterSeconds },
    });
}
