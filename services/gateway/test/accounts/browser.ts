import type { DbOrTx } from '@qihang/shared/db/client';
import type { Role } from '@qihang/shared/domain/index';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { hashPassword } from '../../src/accounts/passwords';
import { accountsRepo } from '../../src/accounts/repo';
import type { App } from '../../src/app';

/** A clock the tests move by hand. */
export function testClock(start = Date.parse('2026-12-01T01:00:00Z')) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

export const MIN = 60_000;

/** An account straight in the database (the admin routes have their own tests). */
export async function makeAccount(
  db: DbOrTx,
  a: {
    username: string;
    password: string;
    role: Role;
    name?: string;
    regionCode?: string;
    facilityId?: string;
    employerId?: string;
    mustChangePassword?: boolean;
  },
) {
  return accountsRepo(db).create({
    ...a,
    name: a.name ?? a.username,
    passwordHash: await hashPassword(a.password),
    mustChangePassword: a.mustChangePassword ?? false,
  });
}

/**
 * One browser: keeps the session cookie the server sets and sends it back, as a browser does on the same
 * site, and the CSRF token the console would keep in memory.
 */
export function browser(app: App, opts: { remoteAddress?: string } = {}) {
  let cookie: string | null = null;
  let csrf: string | null = null;
  const b = {
    get cookie() {
      return cookie;
    },
    get csrf() {
      return csrf;
    },
    /** The last Set-Cookie header's attributes, for the tests that look at them. */
    lastSetCookie: null as string | null,
    async request(o: InjectOptions & { csrf?: string | false }): Promise<LightMyRequestResponse> {
      const { csrf: given, ...rest } = o;
      const token = given === undefined ? csrf : given;
      const res = await app.inject({
        ...rest,
        ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
        headers: {
          ...(rest.headers ?? {}),
          ...(cookie ? { cookie: `theme=light; qihang_session=${cookie}` } : {}),
          ...(token ? { 'x-csrf-token': token } : {}),
        },
      });
      const set = res.headers['set-cookie'];
      const line = Array.isArray(set) ? set[0] : set;
      if (line) {
        b.lastSetCookie = line;
        const value = /^qihang_session=([^;]*)/.exec(line)?.[1] ?? '';
        cookie = value && !/Max-Age=0/.test(line) ? value : null;
      }
      if (res.statusCode === 200) {
        const body = String(res.headers['content-type'] ?? '').includes('json') ? res.json() : null;
        if (body?.csrfToken) csrf = body.csrfToken;
      }
      return res;
    },
    signIn(username: string, password: string, headers: Record<string, string> = {}) {
      return b.request({
        method: 'POST',
        url: '/v1/auth/sign-in',
        payload: { username, password },
        headers,
      });
    },
    get(url: string, headers: Record<string, string> = {}) {
      return b.request({ method: 'GET', url, headers });
    },
  };
  return b;
}
