import { loadConfig } from '@qihang/shared/config/index';
import { systemState, users } from '@qihang/shared/db/schema/index';
import { createLogger } from '@qihang/shared/log/index';
import { isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from '../../src/accounts/demo';
import { DEMO_KEY } from '../../src/processes/demo-seed';
import { buildWorld, codes, type World } from '../fixtures';
import { browser } from './browser';

const demoMode = loadConfig({});
const notDemo = loadConfig({ DEMO_DATA: 'off' });
const log = createLogger(loadConfig({ LOG_LEVEL: 'silent' }), { service: 'test' });
let w: World;

beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.cleanup();
});

const accountNames = async () =>
  (await w.database.db.select({ u: users.username }).from(users).where(isNotNull(users.username)))
    .map((r) => r.u)
    .sort();

describe('demo accounts', () => {
  it('no demo data: no account at all, until an admin creates one', async () => {
    expect(await ensureDemoAccounts(w.database, demoMode, log)).toBeNull();
    expect(await accountNames()).toEqual([]);
    expect((await browser(w.app).signIn('bureau', 'Qihang@2026')).statusCode).toBe(401);
  });

  it('on the demo data: one account per role, password Qihang@2026, no forced change, bureau in 湘西州', async () => {
    await w.database.db.insert(systemState).values({ key: DEMO_KEY, value: { seed: 1 } });
    const demo = await ensureDemoAccounts(w.database, demoMode, log);
    expect(demo).toEqual({
      usernames: ['bureau', 'facility', 'organizer', 'employer', 'admin'],
      password: 'Qihang@2026',
    });
    expect(await accountNames()).toEqual(['admin', 'bureau', 'employer', 'facility', 'organizer']);
    const expected = {
      bureau: { role: 'bureau', regionCode: codes.xiangxi, regionName: expect.stringContaining('湘西') },
      facility: { role: 'facility', facilityId: w.ids.xiangxiCentre },
      organizer: { role: 'organizer' },
      employer: { role: 'employer', employerId: w.ids.fairEmployer },
      admin: { role: 'admin' },
    };
    for (const [username, user] of Object.entries(expected)) {
      const b = browser(w.app);
      const res = await b.signIn(username, 'Qihang@2026');
      expect(res.statusCode, username).toBe(200);
      expect(res.json().user).toMatchObject({ ...user, mustChangePassword: false });
    }
    const bureau = browser(w.app);
    await bureau.signIn('bureau', 'Qihang@2026');
    expect((await bureau.get(`/v1/people/${w.ids.liuchengPerson}`)).statusCode).toBe(404);
    expect((await bureau.get(`/v1/people/${w.ids.xiangxiRural}`)).statusCode).toBe(200);

    // A second start changes nothing.
    expect(await ensureDemoAccounts(w.database, demoMode, log)).toEqual(demo);
    expect(await accountNames()).toHaveLength(5);
  });

  it('outside demo mode the demo accounts are signed out and cannot sign in; back in demo mode they can', async () => {
    const signedIn = browser(w.app);
    await signedIn.signIn('organizer', 'Qihang@2026');
    expect(await ensureDemoAccounts(w.database, notDemo, log)).toBeNull();
    expect((await signedIn.get('/v1/auth/session')).json()).toEqual({ user: null, csrfToken: null });
    for (const username of ['bureau', 'admin']) {
      expect((await browser(w.app).signIn(username, 'Qihang@2026')).statusCode).toBe(401);
    }
    await ensureDemoAccounts(w.database, demoMode, log);
    expect((await browser(w.app).signIn('admin', 'Qihang@2026')).statusCode).toBe(200);
  });

  it('nobody can choose the demo password for an account of their own', async () => {
    const b = browser(w.app);
    await b.signIn('admin', 'Qihang@2026');
    const res = await b.request({
      method: 'POST',
      url: '/v1/auth/password',
      payload: { currentPassword: 'Qihang@2026', newPassword: 'qihang@2026' },
    });
    expect(res.json()).toMatchObject({ statusCode: 422, code: 'weak_password' });
  });
});
