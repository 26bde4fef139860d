import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInitialPassword, passwordProblem } from '../../src/accounts/passwords';
import { buildWorld, type World } from '../fixtures';
import { browser, makeAccount } from './browser';

describe('the password rules', () => {
  it('names the broken rule in Chinese', () => {
    expect(passwordProblem('Short-1', 'wang')).toBe('密码至少需要 10 个字符');
    expect(passwordProblem('Wangwei-2026', 'wangwei')).toBe('密码不能与用户名相同，也不能包含用户名');
    expect(passwordProblem('wangwei123', 'WangWei123')).toBe('密码不能与用户名相同，也不能包含用户名');
    expect(passwordProblem('13800001111', 'li')).toContain('不能只由一类字符组成');
    expect(passwordProblem('abcdefghijkl', 'li')).toContain('不能只由一类字符组成');
    expect(passwordProblem('Password123', 'li')).toBe('这个密码太常见，容易被猜中，请换一个');
    expect(passwordProblem('Qihang@2026', 'li')).toBe('这个密码太常见，容易被猜中，请换一个');
    expect(passwordProblem('aaaaaaaaa1', 'li')).toBe('这个密码太常见，容易被猜中，请换一个');
    expect(passwordProblem('湘西山水2026春天', 'li')).toBeNull();
    expect(passwordProblem('tea-garden-by-river', 'li')).toBeNull();
  });

  it('initial passwords meet the rules and differ every time', () => {
    const issued = Array.from({ length: 50 }, generateInitialPassword);
    expect(new Set(issued).size).toBe(50);
    for (const p of issued) {
      expect(p).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
      expect(passwordProblem(p, 'someone')).toBeNull();
    }
  });
});

describe('forced password change', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld();
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('after the first sign-in only /v1/auth answers until a good new password is set', async () => {
    const initial = generateInitialPassword();
    await makeAccount(w.database.db, {
      username: 'zhangmin',
      password: initial,
      role: 'bureau',
      regionCode: '433100',
      mustChangePassword: true,
    });
    const b = browser(w.app);
    const signedIn = await b.signIn('zhangmin', initial);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().user.mustChangePassword).toBe(true);
    for (const url of ['/v1/people', '/v1/me', '/v1/four-counts?region=433100']) {
      const res = await b.get(url);
      expect(res.json(), url).toMatchObject({ statusCode: 403, code: 'password_change_required' });
    }
    expect((await b.get('/v1/auth/session')).json().user).not.toBeNull();

    const change = (currentPassword: string, newPassword: string) =>
      b.request({ method: 'POST', url: '/v1/auth/password', payload: { currentPassword, newPassword } });
    const wrongCurrent = await change('not-my-password', 'River-and-hills-9');
    expect(wrongCurrent.statusCode).toBe(422);
    expect(wrongCurrent.json()).toMatchObject({ code: 'wrong_password', message: '当前密码不正确' });
    const weak = await change(initial, 'zhangmin2026');
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({
      code: 'weak_password',
      message: '密码不能与用户名相同，也不能包含用户名',
      details: [{ path: 'body.newPassword', message: '密码不能与用户名相同，也不能包含用户名' }],
    });
    const same = await change(initial, initial);
    expect(same.json()).toMatchObject({ code: 'weak_password', message: '新密码不能与当前密码相同' });
    expect((await b.get('/v1/people')).json().code).toBe('password_change_required');

    // Another browser signed in with the initial password meanwhile is signed out by the change.
    const other = browser(w.app);
    expect((await other.signIn('zhangmin', initial)).statusCode).toBe(200);
    const done = await change(initial, 'River-and-hills-9');
    expect(done.statusCode).toBe(204);
    expect((await b.get('/v1/people')).statusCode).toBe(200);
    expect((await b.get('/v1/auth/session')).json().user.mustChangePassword).toBe(false);
    expect((await other.get('/v1/auth/session')).json()).toEqual({ user: null, csrfToken: null });

    // The old password is gone, the new one signs in without another change.
    expect((await browser(w.app).signIn('zhangmin', initial)).statusCode).toBe(401);
    const again = await browser(w.app).signIn('zhangmin', 'River-and-hills-9');
    expect(again.json().user.mustChangePassword).toBe(false);
  });
});
