import { createHmac, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DbOrTx } from '@qihang/shared/db/client';
import { sessions, users } from '@qihang/shared/db/schema/index';
import { DomainError, UnauthorizedError } from '@qihang/shared/errors';
import { and, eq, ne } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/roles';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Only a signed-in session may call it (its own session's routes); an API key gets 401. */
    sessionOnly?: boolean;
    /** Reachable while the session's password must still be changed (otherwise 403). */
    duringPasswordChange?: boolean;
  }
}

export const SESSION_COOKIE = 'qihang_session';
/** A session unused this long is over. */
export const IDLE_MS = 30 * 60_000;
/** A session is over this long after sign-in, however active. */
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** `lastSeenAt` is written at most this often, so reading is not writing; the idle timeout is ±1 min. */
export const TOUCH_EVERY_MS = 60_000;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const hashSessionToken = (token: string): string => hash('sha256', token, 'hex');

/** 256 random bits: the cookie's value. Only its hash is stored. */
export function newSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

/**
 * The session's CSRF token, derived from the cookie's token (so it is never stored, and is the same for the
 * session's whole life): a page of another site can neither read the cookie nor this value.
 */
export const csrfTokenFor = (token: string): string =>
  createHmac('sha256', 'qihang-csrf-v1').update(token).digest('base64url');

export function readSessionToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

/**
 * The cookie's attributes: the page's scripts cannot read it (HttpOnly), other sites' pages do not send it
 * (SameSite=Strict), and over TLS it never travels in clear (Secure). `request.protocol` is fastify's view,
 * which believes X-Forwarded-Proto only from the proxies TRUST_PROXY names.
 */
export function sessionCookie(request: FastifyRequest, token: string | null): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token ? ABSOLUTE_MS / 1000 : 0}`,
  ];
  if (request.protocol === 'https') parts.push('Secure');
  return parts.join('; ');
}

export class CsrfError extends DomainError {
  constructor() {
    super(403, 'csrf_token_invalid', '请求缺少有效的 x-csrf-token（请刷新页面后重试）');
  }
}

export class PasswordChangeRequiredError extends DomainError {
  constructor() {
    super(403, 'password_change_required', '请先修改初始密码');
  }
}

const sessionEnded = () => new UnauthorizedError('登录已失效，请重新登录');

type SessionRow = typeof sessions.$inferSelect;

/** Whether the session is over at `now` (idle or absolute timeout). */
export const sessionOver = (s: Pick<SessionRow, 'lastSeenAt' | 'expiresAt'>, now: number): boolean =>
  now - s.lastSeenAt.getTime() >= IDLE_MS || now >= s.expiresAt.getTime();

export function sessionsRepo(db: DbOrTx) {
  return {
    async create(
      userId: string,
      tokenHash: string,
      at: Date,
      client: { userAgent?: string | undefined; address: string },
      tx: DbOrTx = db,
    ) {
      const [row] = await tx
        .insert(sessions)
        .values({
          userId,
          tokenHash,
          createdAt: at,
          lastSeenAt: at,
          expiresAt: new Date(at.getTime() + ABSOLUTE_MS),
          userAgent: client.userAgent?.slice(0, 300) ?? null,
          address: client.address,
        })
        .returning();
      return row!;
    },
    async find(tokenHash: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select({ session: sessions, user: users })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(eq(sessions.tokenHash, tokenHash));
      return row ?? null;
    },
    async touch(id: string, at: Date, tx: DbOrTx = db) {
      await tx.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
    },
    async delete(id: string, tx: DbOrTx = db) {
      await tx.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteByToken(tokenHash: string, tx: DbOrTx = db) {
      await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },
    /** Every session of the user but `keep`; how many there were. */
    async deleteOthers(userId: string, keep: string | null, tx: DbOrTx = db): Promise<number> {
      const gone = await tx
        .delete(sessions)
        .where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId))
        .returning({ id: sessions.id });
      return gone.length;
    },
  };
}

/**
 * The request's live session: its cookie's token, the session row and its user; null without a cookie
 * (`presented: false`) or when the session is over, unknown, or its user disabled (`presented: true`; an
 * ended session's row is deleted). A live session's `lastSeenAt` is moved on (at most once a minute).
 */
export function liveSessions(db: DbOrTx, now: () => number) {
  const repo = sessionsRepo(db);
  return async function liveSession(request: FastifyRequest) {
    const token = readSessionToken(request);
    if (!token) return { presented: false as const, live: null };
    const found = await repo.find(hashSessionToken(token));
    if (!found) return { presented: true as const, live: null };
    const { session, user } = found;
    const t = now();
    if (sessionOver(session, t) || user.disabledAt || !user.passwordHash) {
      await repo.delete(session.id);
      return { presented: true as const, live: null };
    }
    return {
      presented: true as const,
      live: { token, session, user, touch: () => touch(session, t) },
    };
  };
  async function touch(session: SessionRow, t: number) {
    if (t - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await repo.touch(session.id, new Date(t));
  }
}

/**
 * Authenticates a request by its session cookie: null without one. The session must be live (idle 30 min,
 * absolute 12 h), its user enabled; a write needs `x-csrf-token`; while the password must be changed only
 * routes marked `duringPasswordChange` answer. The principal is the one a key of the same user carries.
 */
export function sessionAuthenticator(db: DbOrTx, now: () => number) {
  const find = liveSessions(db, now);
  return async function authenticateSession(request: FastifyRequest): Promise<Principal | null> {
    const { presented, live } = await find(request);
    if (!presented) return null;
    if (!live) throw sessionEnded();
    const { token, session, user } = live;
    if (WRITES.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      const given = Buffer.from((Array.isArray(header) ? header[0] : header) ?? '');
      const expected = Buffer.from(csrfTokenFor(token));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CsrfError();
    }
    // A forged write (no token) does not keep the session alive.
    await live.touch();
    if (user.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
      throw new PasswordChangeRequiredError();
    }
    return {
      keyId: null,
      sessionId: session.id,
      userId: user.id,
      role: user.role,
      regionCode: user.regionCode,
      facilityId: user.facilityId,
      employerId: user.employerId,
      portalId: user.portalId,
    };
  };
}

export type SessionAuthenticator = ReturnType<typeof sessionAuthenticator>;
