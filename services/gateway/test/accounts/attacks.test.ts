import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThrottle } from '../../src/accounts/throttle';
import { buildWorld, type World } from '../fixtures';
import { browser, MIN, makeAccount, testClock } from './browser';

/** Sign-in under attack: throttling per account and per address, the lockout and its lifting. */
const PASSWORD = 'Facility-2026-ok';
const clock = testClock();
let w: World;

beforeAll(async () => {
  w = await buildWorld({ deps: () => ({ now: clock.now }) });
  for (const username of ['wang', 'li', 'zhao']) {
    await makeAccount(w.database.db, {
      username,
      password: PASSWORD,
      role: 'facility',
      facilityId: w.ids.xiangxiCentre,
    });
  }
});
afterAll(async () => {
  await w?.cleanup();
});

describe('per account', () => {
  it('slows a name down after 5 failures, locks it after 10, and answers an unknown name the same way', async () => {
    for (const name of ['wang', 'no-such-person']) {
      // Each attempt from another address, as a botnet would: the account's own count is what stops it.
      let ip = 0;
      const attempt = (password: string) =>
        browser(w.app, { remoteAddress: `10.9.${name.length}.${++ip}` }).signIn(name, password);
      const answers: (number | string)[] = [];
      for (let i = 1; i <= 10; i++) {
        const res = await attempt(`wrong-guess-${i}`);
        answers.push(res.statusCode);
        if (i >= 5 && i < 10) {
          // Waiting out the delay (30 s, then doubling) lets the next guess through.
          const blocked = await attempt('wrong-again-1');
          expect(blocked.statusCode, `${name} after ${i}`).toBe(429);
          expect(blocked.json()).toMatchObject({
            code: 'too_many_attempts',
            message: expect.stringContaining('分钟后再试'),
          });
          expect(blocked.json().details.retryAfterSeconds).toBe(30 * 2 ** (i - 5));
          expect(blocked.headers['retry-after']).toBe(String(30 * 2 ** (i - 5)));
          clock.advance(Math.min(15 * MIN, 30_000 * 2 ** (i - 5)));
        }
      }
      expect(answers).toEqual(Array(10).fill(401));
      // Locked: even the right password does not sign in, for as long as nobody unlocks it.
      const locked = await attempt(PASSWORD);
      expect(locked.statusCode, name).toBe(423);
      expect(locked.json()).toMatchObject({
        code: 'account_locked',
        message: expect.stringContaining('联系管理员'),
      });
      clock.advance(24 * 60 * MIN);
      expect((await attempt(PASSWORD)).statusCode).toBe(423);
    }
  });

  it('an unlock lifts the lock: the right password signs in again', async () => {
    const throttle = signInThrottle(w.database.db, clock.now);
    await throttle.unlock('WANG');
    const res = await browser(w.app, { remoteAddress: '10.9.9.9' }).signIn('wang', PASSWORD);
    expect(res.statusCode).toBe(200);
  });

  it('a success forgets earlier failures; failures an hour old no longer count', async () => {
    const attempt = (password: string) =>
      browser(w.app, { remoteAddress: '10.8.0.1' }).signIn('li', password);
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-one-here')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-one-here')).statusCode).toBe(401);
    clock.advance(61 * MIN);
    for (let i = 0; i < 4; i++) expect((await attempt('wrong-one-here')).statusCode).toBe(401);
    expect((await attempt(PASSWORD)).statusCode).toBe(200);
  });
});

describe('per client address', () => {
  it('refuses an address after 20 failures in 15 minutes, whatever names it tries, then lets it in again', async () => {
    const from = (ip: string) => browser(w.app, { remoteAddress: ip });
    for (let i = 0; i < 20; i++) {
      expect((await from('10.7.0.1').signIn(`spray-${i}`, 'Password-123')).statusCode).toBe(401);
    }
    const refused = await from('10.7.0.1').signIn('zhao', PASSWORD);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().details.retryAfterSeconds).toBe(15 * 60);
    // Another address is not affected.
    expect((await from('10.7.0.2').signIn('zhao', PASSWORD)).statusCode).toBe(200);
    clock.advance(15 * MIN);
    expect((await from('10.7.0.1').signIn('zhao', PASSWORD)).statusCode).toBe(200);
  });
});
