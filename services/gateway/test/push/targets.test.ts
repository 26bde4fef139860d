import { loadConfig } from '@qihang/shared/config/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../src/push/deliver';
import { pushToSubscription } from '../../src/push/select';
import { addressAllowed, guardedFetch, targetPolicy, targetProblem } from '../../src/push/targets';
import { buildWorld, codes, type World } from '../fixtures';
import { startReceiver } from './receiver';
import { addSubscription, addWeldingPosts, fastDeps, statusesOf } from './world';

const publicOnly = targetPolicy();

describe('which addresses a webhook may reach', () => {
  it.each([
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.20.0.1', false],
    ['192.168.1.10', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['8.8.8.8', true],
    ['2400:3200::1', true],
  ])('https to %s: %s by default', (address, allowed) => {
    expect(addressAllowed(publicOnly, address, 'https:')).toBe(allowed);
  });

  it('plain http only to a configured range, and only that range is opened', () => {
    const policy = targetPolicy(['10.0.0.0/8']);
    expect(addressAllowed(publicOnly, '8.8.8.8', 'http:')).toBe(false);
    expect(addressAllowed(policy, '10.9.9.9', 'http:')).toBe(true);
    expect(addressAllowed(policy, '127.0.0.1', 'https:')).toBe(false);
  });

  it('resolves names: localhost is loopback', async () => {
    expect(await targetProblem(publicOnly, 'https://localhost/hook')).toMatch(/公网/);
    expect(await targetProblem(publicOnly, 'http://127.0.0.1:9/hook')).toMatch(/https/);
    expect(await targetProblem(publicOnly, 'https://user:pw@8.8.8.8/hook')).toMatch(/用户名/);
    expect(await targetProblem(publicOnly, 'https://8.8.8.8/hook')).toBeNull();
  });

  it("checks the connection's own lookup too, so a name that now resolves to loopback is refused (rebinding)", async () => {
    await expect(
      guardedFetch(publicOnly)('https://localhost:9/hook', { method: 'POST', body: '{}' }),
    ).rejects.toMatchObject({ code: 'ETARGETREFUSED' });
  });

  it('PUSH_PRIVATE_TARGETS is validated at start-up', () => {
    expect(loadConfig({ PUSH_PRIVATE_TARGETS: '127.0.0.1/32, 10.0.0.0/8' }).push.privateTargets).toEqual([
      '127.0.0.1/32',
      '10.0.0.0/8',
    ]);
    expect(() => loadConfig({ PUSH_PRIVATE_TARGETS: 'intranet' })).toThrow(/PUSH_PRIVATE_TARGETS/);
    expect(loadConfig({}).push.privateTargets).toEqual([]);
  });
});

describe('webhook targets through the API and at delivery', () => {
  let w: World;
  beforeAll(async () => {
    w = await buildWorld();
  });
  afterAll(async () => w?.cleanup());

  it('a subscription to loopback is refused naming the field, created or changed', async () => {
    const created = await w.inject('admin', {
      method: 'POST',
      url: '/v1/portal-subscriptions',
      payload: { portalId: w.ids.portal, targetUrl: 'http://127.0.0.1:5432/', regionCodes: [codes.jinan] },
    });
    expect(created.statusCode, created.body).toBe(422);
    expect(created.json()).toMatchObject({
      code: 'webhook_target_refused',
      details: [{ path: 'body.targetUrl', message: expect.any(String) }],
    });
    const sub = await addSubscription(w, null);
    for (const targetUrl of ['https://169.254.169.254/latest/meta-data', 'http://portal.example.com/hook']) {
      const changed = await w.inject('admin', {
        method: 'PATCH',
        url: `/v1/portal-subscriptions/${sub.id}`,
        payload: { targetUrl },
      });
      expect(changed.statusCode, targetUrl).toBe(422);
    }
  });

  it('a delivery to a loopback receiver is refused and dead unless the range is configured', async () => {
    const receiver = await startReceiver(() => sub.secret, []);
    const sub = await addSubscription(w, receiver.url);
    const [postId] = await addWeldingPosts(w, 1, 'target');
    await pushToSubscription(w.database, sub.id, { postIds: [postId!] });
    const [row] = await statusesOf(w.database, sub.id);
    const refused = fastDeps(w.database, { targets: targetPolicy() });
    expect(await deliver(refused, { deliveryId: row!.id })).toBe('dead');
    const [dead] = await statusesOf(w.database, sub.id);
    expect(dead!.lastError).toMatch(/target refused/);
    expect(receiver.received.length).toBe(0);
    await receiver.close();
  });
});
