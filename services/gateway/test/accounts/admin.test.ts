import { auditLog } from '@qihang/shared/db/schema/index';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, codes, type World } from '../fixtures';
import { browser, testClock } from './browser';

/** An admin manages people's accounts; what the person then sees at sign-in. */
const clock = testClock();
let w: World;

beforeAll(async () => {
  w = await buildWorld({ deps: () => ({ now: clock.now }) });
});
afterAll(async () => {
  await w?.cleanup();
});

const admin = (method: 'GET' | 'POST', url: string, payload?: object) =>
  w.inject('admin', { method, url, ...(payload ? { payload } : {}) });

async function create(username: string) {
  const res = await admin('POST', '/v1/admin/accounts', {
    username,
    name: '湘西州人社局 张敏',
    role: 'bureau',
    regionCode: codes.xiangxi,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { account: { id: string }; initialPassword: string };
}

/** Signs in and sets a password of one's own, as the console makes a new person do. */
async function firstSignIn(username: string, initial: string, chosen: string) {
  const b = browser(w.app);
  expect((await b.signIn(username, initial)).json().user.mustChangePassword).toBe(true);
  const changed = await b.request({
    method: 'POST',
    url: '/v1/auth/password',
    payload: { currentPassword: initial, newPassword: chosen },
  });
  expect(changed.statusCode).toBe(204);
  return b;
}

describe('creating accounts', () => {
  it('creates an account with a one-time password that signs in once and must be changed', async () => {
    const { account, initialPassword } = await create('zhangmin');
    expect(initialPassword).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
    const listed = await admin('GET', '/v1/admin/accounts');
    expect(listed.body).not.toContain(initialPassword);
    expect(listed.json().items).toContainEqual(
      expect.objectContaining({
        id: account.id,
        username: 'zhangmin',
        role: 'bureau',
        regionCode: codes.xiangxi,
        mustChangePassword: true,
        lockedAt: null,
        disabledAt: null,
        activeSessions: 0,
      }),
    );
    const b = await firstSignIn('ZhangMin', initialPassword, 'Fenghuang-old-town-1');
    expect((await b.get('/v1/people')).statusCode).toBe(200);
    const after = (await admin('GET', '/v1/admin/accounts'))
      .json()
      .items.find((a: { id: string }) => a.id === account.id);
    expect(after).toMatchObject({ mustChangePassword: false, activeSessions: 1 });
    expect(after.lastSignInAt).toEqual(expect.any(String));

    const [audit] = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'create_account'), eq(auditLog.subjectId, account.id)));
    expect(audit).toMatchObject({ actorUserId: w.users.admin, actorRole: 'admin', subjectType: 'user' });
  });

  it('refuses a username taken in another case, a missing scope, and a bad username, naming the field', async () => {
    const taken = await admin('POST', '/v1/admin/accounts', {
      username: 'ZHANGMIN',
      name: 'x',
      role: 'organizer',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'username_taken', details: [{ path: 'body.username' }] });
    const noRegion = await admin('POST', '/v1/admin/accounts', {
      username: 'lisi',
      name: 'x',
      role: 'bureau',
    });
    expect(noRegion.statusCode).toBe(400);
    expect(noRegion.json().details.map((d: { path: string }) => d.path)).toEqual(['body.regionCode']);
    const badName = await admin('POST', '/v1/admin/accounts', {
      username: '张 三',
      name: 'x',
      role: 'organizer',
    });
    expect(badName.json().details[0].path).toBe('body.username');
    const unknownEmployer = await admin('POST', '/v1/admin/accounts', {
      username: 'hr01',
      name: 'x',
      role: 'employer',
      employerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownEmployer.statusCode).toBe(422);
    expect(unknownEmployer.json().details).toEqual([{ path: 'body.employerId', message: '用人单位不存在' }]);
  });

  it('only admins manage accounts, by key or by session', async () => {
    const { initialPassword } = await create('bureau-staff');
    const b = await firstSignIn('bureau-staff', initialPassword, 'Jishou-river-2026');
    expect((await b.get('/v1/admin/accounts')).json()).toMatchObject({
      statusCode: 403,
      code: 'role_not_allowed',
    });
    expect((await w.inject('bureau', { method: 'GET', url: '/v1/admin/accounts' })).statusCode).toBe(403);
  });
});

describe('reset, unlock, disable', () => {
  it('a reset ends the sessions, retires the old password and hands out a new one-time password', async () => {
    const { account, initialPassword } = await create('reset-me');
    const b = await firstSignIn('reset-me', initialPassword, 'Mountain-tea-2026');
    const reset = await admin('POST', `/v1/admin/accounts/${account.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    expect(reset.json().account).toMatchObject({ mustChangePassword: true, activeSessions: 0 });
    expect((await b.get('/v1/people')).statusCode).toBe(401);
    expect((await browser(w.app).signIn('reset-me', 'Mountain-tea-2026')).statusCode).toBe(401);
    await firstSignIn('reset-me', reset.json().initialPassword, 'Mountain-tea-2027');
  });

  it('a locked account shows as locked, and an unlock lets the right password in again', async () => {
    const { account, initialPassword } = await create('locked-out');
    let ip = 0;
    for (let i = 0; i < 10; i++) {
      await browser(w.app, { remoteAddress: `10.5.0.${++ip}` }).signIn('locked-out', `guess-${i}`);
      clock.advance(16 * 60_000);
    }
    expect((await browser(w.app).signIn('locked-out', initialPassword)).statusCode).toBe(423);
    const listed = (await admin('GET', '/v1/admin/accounts'))
      .json()
      .items.find((a: { id: string }) => a.id === account.id);
    expect(listed).toMatchObject({ failedSignIns: 10, lockedAt: expect.any(String) });
    const unlocked = await admin('POST', `/v1/admin/accounts/${account.id}/unlock`);
    expect(unlocked.json()).toMatchObject({ lockedAt: null, failedSignIns: 0 });
    expect((await browser(w.app).signIn('locked-out', initialPassword)).statusCode).toBe(200);
  });

  it('a disabled account is signed out and cannot sign in; enabled, it can again', async () => {
    const { account, initialPassword } = await create('leaving');
    const b = await firstSignIn('leaving', initialPassword, 'Last-day-at-work-1');
    const disabled = await admin('POST', `/v1/admin/accounts/${account.id}/disable`);
    expect(disabled.json()).toMatchObject({ disabledAt: expect.any(String), activeSessions: 0 });
    expect((await b.get('/v1/people')).statusCode).toBe(401);
    const refused = await browser(w.app).signIn('leaving', 'Last-day-at-work-1');
    expect(refused.json()).toMatchObject({ statusCode: 401, code: 'invalid_credentials' });
    await admin('POST', `/v1/admin/accounts/${account.id}/enable`);
    expect((await browser(w.app).signIn('leaving', 'Last-day-at-work-1')).statusCode).toBe(200);
  });

  it('a user with keys only is not an account (404)', async () => {
    const res = await admin('POST', `/v1/admin/accounts/${w.users.portal}/reset-password`);
    expect(res.statusCode).toBe(404);
  });
});
