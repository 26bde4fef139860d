import { hash, timingSafeEqual } from 'node:crypto';
import type { Database } from '@qihang/shared/db/client';
import { DomainError, UnauthorizedError } from '@qihang/shared/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionAuthenticator } from '../accounts/sessions';
import { parseKey, verifyKey } from './keys';
import type { Principal, Role } from './roles';
import { type UsersRepo, usersRepo } from './users';

export class RoleNotAllowedError extends DomainError {
  constructor(role: Role) {
    super(403, 'role_not_allowed', `role ${role} may not call this route`);
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  roles: readonly Role[] | undefined;
  public: boolean;
}

export interface AuthOptions {
  database: Database;
  /**
   * How long a verified key row is reused before it is read again. A revocation on this instance takes
   * effect at once; on other instances within this time.
   */
  keyCacheMs?: number;
  /** `lastUsedAt` is written at most this often per key, so reads do not turn into writes. */
  touchEveryMs?: number;
  /** People's console sessions (accounts/sessions.ts): used when a request has no `x-api-key`. */
  sessions?: SessionAuthenticator;
}

type KeyRow = NonNullable<Awaited<ReturnType<UsersRepo['findKey']>>>;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route with the roles it allows (the authorization test walks this). */
    routeAccess: RouteAccess[];
    /** Forgets a cached key at once (after revocation). */
    forgetKey(prefix: string): void;
  }
}

const publicPrefixes = ['/docs'];

/**
 * Authenticates every non-public route by its `x-api-key` and refuses roles the route does not list. Runs in
 * `onRequest`, before the body is parsed or validated, so an unauthorized caller learns nothing about the
 * route's schema. Scopes (which region, facility, employer…) are enforced by the data access of each route.
 */
export const auth = fp(
  async (app: FastifyInstance, opts: AuthOptions) => {
    const repo = usersRepo(opts.database.db);
    const cacheMs = opts.keyCacheMs ?? 5_000;
    const touchEveryMs = opts.touchEveryMs ?? 60_000;
    /**
     * Key rows by prefix, for `cacheMs`. `verified` is a SHA-256 of the secret that last passed the full check
     * against this row: the keyed hash (HMAC) costs ~6 µs a request under load, a tenth of a warm
     * recommendation's CPU, and a plain digest compared in constant time answers the same question for a key
     * already proven. Only the digest is kept, never the secret, and only as long as the row.
     */
    const cache = new Map<string, { row: KeyRow; fetchedAt: number; verified?: Buffer }>();
    const touched = new Map<string, number>();
    const registry: RouteAccess[] = [];

    app.decorate('routeAccess', registry);
    app.decorate('forgetKey', (prefix: string) => {
      cache.delete(prefix);
    });
    app.decorateRequest('principal', null);

    app.addHook('onRoute', (route) => {
      const url = route.url ?? route.path;
      if (publicPrefixes.some((p) => url === p || url.startsWith(`${p}/`))) {
        route.config = { ...(route.config ?? {}), public: true };
      }
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        registry.push({ method, url, roles: route.config?.roles, public: route.config?.public === true });
      }
    });

    async function lookup(prefix: string) {
      const hit = cache.get(prefix);
      const now = Date.now();
      if (hit && now - hit.fetchedAt < cacheMs) return hit;
      const row = await repo.findKey(prefix);
      if (!row) {
        cache.delete(prefix);
        return null;
      }
      const entry = { row, fetchedAt: now };
      cache.set(prefix, entry);
      return entry;
    }

    /** Whether the presented secret is this key's: the full check once, then the cached digest. */
    function secretMatches(entry: { row: KeyRow; verified?: Buffer }, prefix: string, secret: string) {
      const digest = hash('sha256', secret, 'buffer');
      if (entry.verified) return timingSafeEqual(digest, entry.verified);
      if (!verifyKey(prefix, secret, entry.row.key.keyHash)) return false;
      entry.verified = digest;
      return true;
    }

    async function authenticate(request: FastifyRequest): Promise<Principal> {
      const header = request.headers['x-api-key'];
      const presented = Array.isArray(header) ? header[0] : header;
      if (!presented) {
        const session = await opts.sessions?.(request);
        if (session) return session;
        throw new UnauthorizedError('sign in, or send an API key (header x-api-key)');
      }
      if (request.routeOptions.config?.sessionOnly) {
        throw new UnauthorizedError('this route belongs to a signed-in session, not to an API key');
      }
      const parsed = parseKey(presented);
      const entry = parsed ? await lookup(parsed.prefix) : null;
      if (!parsed || !entry || !secretMatches(entry, parsed.prefix, parsed.secret)) {
        throw new UnauthorizedError('the API key is not valid');
      }
      const { row } = entry;
      const now = Date.now();
      if (row.key.revokedAt) throw new UnauthorizedError('the API key has been revoked');
      if (row.key.expiresAt && row.key.expiresAt.getTime() <= now) {
        throw new UnauthorizedError('the API key has expired');
      }
      if (now - (touched.get(row.key.id) ?? 0) >= touchEveryMs) {
        touched.set(row.key.id, now);
        await repo.touchKey(row.key.id, new Date(now));
      }
      const { user } = row;
      return {
        keyId: row.key.id,
        sessionId: null,
        userId: user.id,
        role: user.role,
        regionCode: user.regionCode,
        facilityId: user.facilityId,
        employerId: user.employerId,
        portalId: user.portalId,
      };
    }

    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      if (request.is404 || config?.public) return;
      const principal = await authenticate(request);
      request.principal = principal;
      if (!config?.roles?.includes(principal.role)) throw new RoleNotAllowedError(principal.role);
    });
  },
  { name: 'qihang-auth' },
);
