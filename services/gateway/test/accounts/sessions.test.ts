import { auditLog, sessions, users } from '@qihang/shared/db/schema/index';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/accounts/passwords';
import { buildWorld, codes, type World } from '../fixtures';
import { browser, MIN, makeAccount, testClock } from './browser';

const PASSWORD = 'Xiangxi-2026-ok';
const clock = testClock();
let w: World;

beforeAll(async () => {
  w = await buildWorld({ deps: () => ({ now: clock.now }) });
  // The world's 湘西 bureau user, which also holds an API key, gets a username and a password.
  await w.database.db
    .update(users)
    .set({ username: 'XiangXi', passwordHash: await hashPassword(PASSWORD) })
    .where(eq(users.id, w.users.bureau));
});
afterAll(async () => {
  await w?.cleanup();
});

describe('sign-in', () => {
  it('signs in with the right password (any case of the name): cookie, user and CSRF token', async () => {
    const b = browser(w.app);
    const res = await b.signIn('xiangxi', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({
      id: w.users.bureau,
      username: 'XiangXi',
      name: '湘西州人社局',
      role: 'bureau',
      regionCode: codes.xiangxi,
      regionName: expect.stringContaining('湘西'),
      facilityId: null,
      employerId: null,
      mustChangePassword: false,
    });
    expect(res.json().csrfToken).toEqual(expect.any(String));
    const cookie = b.lastSetCookie!;
    expect(cookie).toMatch(/^qihang_session=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure'); // plain http on 127.0.0.1

    const session = await b.get('/v1/auth/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual(res.json());
    // The database holds a hash of the token, never the token the browser has.
    const rows = await w.database.db.select().from(sessions).where(eq(sessions.userId, w.users.bureau));
    expect(rows.map((r) => r.tokenHash)).not.toContain(b.cookie);
    expect(JSON.stringify(rows)).not.toContain(b.cookie!);
    // The password is stored as argon2id.
    const [user] = await w.database.db.select().from(users).where(eq(users.id, w.users.bureau));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a wrong password and an unknown name with the same answer, in about the same time', async () => {
    const b = browser(w.app, { remoteAddress: '10.0.0.7' });
    const wrong = await b.signIn('xiangxi', 'not-the-password-1');
    const unknown = await b.signIn('nobody-here', 'not-the-password-1');
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const strip = (r: typeof wrong) => ({ ...r.json(), requestId: undefined });
    expect(strip(wrong)).toEqual(strip(unknown));
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', message: '用户名或密码不正确' });
    expect((await b.get('/v1/auth/session')).json()).toEqual({ user: null, csrfToken: null });

    // Timing: an unknown name also pays for a password verification (without it, it answered in ~1 ms
    // against ~50 ms). Medians of three, each name on its own, so the throttle stays out of it.
    const time = async (name: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        await browser(w.app, { remoteAddress: `10.1.${i}.${name.length}` }).signIn(`${name}${i}`, 'x');
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[1]!;
    };
    const known = await Promise.all(
      [0, 1, 2].map((i) =>
        makeAccount(w.database.db, { username: `timing${i}`, password: PASSWORD, role: 'organizer' }),
      ),
    );
    expect(known).toHaveLength(3);
    const knownMs = await time('timing');
    const unknownMs = await time('ghost-account');
    expect(unknownMs).toBeGreaterThan(knownMs * 0.4);
  });

  it('refuses a malformed body with the field named', async () => {
    const res = await browser(w.app).request({
      method: 'POST',
      url: '/v1/auth/sign-in',
      payload: { username: 'xiangxi' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('body.password');
  });
});

describe('a session is the same principal as a key of that user', () => {
  it('a 湘西 bureau session sees exactly what its key sees, and never a 柳城 person', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    const byKey = await w.inject('bureau', { method: 'GET', url: '/v1/people' });
    const bySession = await b.get('/v1/people');
    expect(bySession.statusCode).toBe(200);
    expect(bySession.json()).toEqual(byKey.json());
    expect(
      bySession
        .json()
        .items.map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([w.ids.xiangxiRehab, w.ids.xiangxiRural].sort());
    expect((await b.get(`/v1/people/${w.ids.liuchengPerson}`)).statusCode).toBe(404);
    expect((await b.get(`/v1/people/${w.ids.xiangxiRural}`)).statusCode).toBe(200);
    expect((await b.get('/v1/four-counts?region=450222')).statusCode).toBe(403);
    // Roles apply too: a bureau may not manage users.
    const admin = await b.get('/v1/admin/users');
    expect(admin.json()).toMatchObject({ statusCode: 403, code: 'role_not_allowed' });
    const me = (await b.get('/v1/me')).json();
    expect(me).toMatchObject({ id: w.users.bureau, role: 'bureau', regionCode: codes.xiangxi, keyId: null });
    expect(me.sessionId).toEqual(expect.any(String));
  });

  it('the audit log names the signed-in user, with the purpose the console sends', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    const res = await b.get(`/v1/people/${w.ids.xiangxiRehab}`, {
      'x-purpose': encodeURIComponent('就业帮扶'),
    });
    expect(res.statusCode).toBe(200);
    const [row] = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, w.ids.xiangxiRehab), eq(auditLog.purpose, '就业帮扶')));
    expect(row).toMatchObject({ actorUserId: w.users.bureau, actorRole: 'bureau', action: 'read' });
    const signIns = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sign_in'), eq(auditLog.subjectId, w.users.bureau)));
    expect(signIns.length).toBeGreaterThan(0);
    expect(signIns[0]).toMatchObject({ actorUserId: w.users.bureau, subjectType: 'user' });
  });

  it('API keys work as before, need no CSRF token, and cannot use the session routes', async () => {
    const created = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '赵六', originRegionCode: codes.luxi },
    });
    expect(created.statusCode).toBe(201);
    // A key is not a session: the session probe says nobody is signed in; the session's own writes refuse it.
    const session = await w.inject('bureau', { method: 'GET', url: '/v1/auth/session' });
    expect(session.json()).toEqual({ user: null, csrfToken: null });
    const signOut = await w.inject('bureau', { method: 'POST', url: '/v1/auth/sign-out-others' });
    expect(signOut.statusCode).toBe(401);
    const anonymous = await w.app.inject({ method: 'GET', url: '/v1/people' });
    expect(anonymous.json()).toMatchObject({ statusCode: 401, code: 'unauthorized' });
  });
});

describe('CSRF', () => {
  it('refuses a write by cookie without the token or with a wrong one, and accepts it with the token', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    const write = (csrf: string | false) =>
      b.request({
        method: 'POST',
        url: '/v1/people',
        payload: { name: '钱七', originRegionCode: codes.luxi },
        csrf,
      });
    const without = await write(false);
    expect(without.json()).toMatchObject({ statusCode: 403, code: 'csrf_token_invalid' });
    const other = browser(w.app);
    await other.signIn('xiangxi', PASSWORD);
    const wrong = await write(other.csrf!);
    expect(wrong.json()).toMatchObject({ statusCode: 403, code: 'csrf_token_invalid' });
    const listed = await b.get('/v1/people?limit=200');
    expect(listed.json().items.some((p: { name: string }) => p.name === '钱七')).toBe(false);
    const right = await write(b.csrf!);
    expect(right.statusCode).toBe(201);
    expect(right.json().name).toBe('钱七');
    // Sign-out is a write as well.
    const signOut = await b.request({ method: 'POST', url: '/v1/auth/sign-out', csrf: false });
    expect(signOut.json().code).toBe('csrf_token_invalid');
    expect((await b.get('/v1/auth/session')).json().user).not.toBeNull();
  });
});

describe('ending sessions', () => {
  it('ends after 30 minutes without a request, and not while in use', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    clock.advance(29 * MIN);
    expect((await b.get('/v1/auth/session')).json().user).not.toBeNull();
    clock.advance(29 * MIN); // 58 minutes after sign-in, 29 after the last request
    expect((await b.get('/v1/people')).statusCode).toBe(200);
    clock.advance(31 * MIN);
    const late = await b.get('/v1/people');
    expect(late.json()).toMatchObject({
      statusCode: 401,
      code: 'unauthorized',
      message: '登录已失效，请重新登录',
    });
    expect((await b.get('/v1/auth/session')).json()).toEqual({ user: null, csrfToken: null });
  });

  it('ends 12 hours after sign-in however busy it is', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    for (let i = 1; i <= 35; i++) {
      clock.advance(20 * MIN);
      expect((await b.get('/v1/auth/session')).json().user, `after ${i * 20} min`).not.toBeNull();
    }
    clock.advance(19 * MIN); // 11 h 59 min
    expect((await b.get('/v1/auth/session')).json().user).not.toBeNull();
    clock.advance(1 * MIN);
    expect((await b.get('/v1/auth/session')).json()).toEqual({ user: null, csrfToken: null });
  });

  it('sign-out ends the session and clears the cookie; the old cookie no longer works', async () => {
    const b = browser(w.app);
    await b.signIn('xiangxi', PASSWORD);
    const kept = b.cookie!;
    const res = await b.request({ method: 'POST', url: '/v1/auth/sign-out' });
    expect(res.statusCode).toBe(204);
    expect(b.lastSetCookie).toMatch(/^qihang_session=; .*Max-Age=0/);
    expect(b.cookie).toBeNull();
    const replay = await w.app.inject({
      method: 'GET',
      url: '/v1/auth/session',
      headers: { cookie: `qihang_session=${kept}` },
    });
    expect(replay.json()).toEqual({ user: null, csrfToken: null });
    const write = await w.app.inject({
      method: 'POST',
      url: '/v1/people',
      payload: { name: '孙八', originRegionCode: codes.luxi },
      headers: { cookie: `qihang_session=${kept}` },
    });
    expect(write.json()).toMatchObject({ statusCode: 401, message: '登录已失效，请重新登录' });
  });

  it('“sign out my other sessions” ends the others and keeps this one', async () => {
    const office = browser(w.app);
    const phone = browser(w.app);
    const laptop = browser(w.app);
    const before = (await w.database.db.select().from(sessions).where(eq(sessions.userId, w.users.bureau)))
      .length;
    for (const b of [office, phone, laptop]) await b.signIn('xiangxi', PASSWORD);
    const res = await office.request({ method: 'POST', url: '/v1/auth/sign-out-others' });
    expect(res.statusCode).toBe(200);
    expect(res.json().revoked).toBe(before + 2);
    expect((await phone.get('/v1/people')).statusCode).toBe(401);
    expect((await laptop.get('/v1/people')).statusCode).toBe(401);
    expect((await office.get('/v1/people')).statusCode).toBe(200);
  });
});

describe('Secure cookie', () => {
  it('is Secure when the request came over TLS through a trusted proxy, not when the header is forged', async () => {
    const { buildApp } = await import('../../src/app');
    const { loadConfig } = await import('@qihang/shared/config/index');
    const behindProxy = await buildApp({
      config: loadConfig({ TRUST_PROXY: '1' }),
      database: w.database,
      rateLimit: false,
    });
    const direct = w.app;
    const viaTls = await browser(behindProxy).signIn('xiangxi', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(viaTls.statusCode).toBe(200);
    expect(viaTls.headers['set-cookie']).toMatch(/; Secure$/);
    const forged = await browser(direct).signIn('xiangxi', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(forged.headers['set-cookie']).not.toContain('Secure');
    await behindProxy.close();
  });
});
