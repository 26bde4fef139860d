import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminAccount } from '../../src/accounts/cli';
import { buildWorld, type World } from '../fixtures';
import { browser } from './browser';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.cleanup();
});

describe('pnpm qihang create-admin', () => {
  it('creates the first admin, whose one-time password signs in once and must be replaced', async () => {
    const { initialPassword } = await createAdminAccount(w.database, { username: 'ops', name: '运维' });
    const b = browser(w.app);
    const res = await b.signIn('ops', initialPassword);
    expect(res.json().user).toMatchObject({ username: 'ops', role: 'admin', mustChangePassword: true });
    expect((await b.get('/v1/admin/accounts')).json().code).toBe('password_change_required');
    const changed = await b.request({
      method: 'POST',
      url: '/v1/auth/password',
      payload: { currentPassword: initialPassword, newPassword: 'Night-shift-keys-2026' },
    });
    expect(changed.statusCode).toBe(204);
    const listed = await b.get('/v1/admin/accounts');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((a: { username: string }) => a.username)).toContain('ops');
  });

  it('refuses a username that exists in any case, saying which', async () => {
    await expect(createAdminAccount(w.database, { username: 'OPS', name: 'x' })).rejects.toThrow(
      '用户名 OPS 已存在（不区分大小写）',
    );
  });
});
