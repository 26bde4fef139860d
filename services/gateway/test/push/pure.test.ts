import { describe, expect, it } from 'vitest';
import type { PostForPortal } from '../../src/push/event';
import { buildEvent, idempotencyKeyFor } from '../../src/push/event';
import { classifyResponse, defaultBackoff, parseRetryAfter, retryDelayMs } from '../../src/push/outcome';
import { planDeliveries } from '../../src/push/plan';
import {
  decryptSecret,
  deriveSecretsKey,
  encryptSecret,
  generateSigningSecret,
} from '../../src/push/secrets';
import { signatureHeader, verifySignature } from '../../src/push/signing';

describe('signing', () => {
  const secret = generateSigningSecret();
  const body = '{"event":"post.new"}';
  const now = 1_800_000_000;

  it('verifies its own signature, and refuses a changed body, another secret, or an old timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, body, header, { nowSeconds: now + 10 })).toBe(true);
    expect(verifySignature(secret, `${body} `, header, { nowSeconds: now })).toBe(false);
    expect(verifySignature(generateSigningSecret(), body, header, { nowSeconds: now })).toBe(false);
    expect(verifySignature(secret, body, header, { nowSeconds: now + 301 })).toBe(false);
    expect(verifySignature(secret, body, undefined)).toBe(false);
  });
});

describe('secrets at rest', () => {
  it('round-trips with the derived key and fails with another', () => {
    const key = deriveSecretsKey('k'.repeat(32));
    const enc = encryptSecret(key, 'whsec_abc');
    expect(enc).not.toContain('whsec_abc');
    expect(decryptSecret(key, enc)).toBe('whsec_abc');
    expect(() => decryptSecret(deriveSecretsKey('x'.repeat(32)), enc)).toThrow(/cannot be decrypted/);
  });
});

describe('retry policy', () => {
  it('classifies answers', () => {
    expect(classifyResponse(204, null, 0)).toEqual({ kind: 'delivered' });
    expect(classifyResponse(400, null, 0)).toEqual({ kind: 'dead', error: 'HTTP 400' });
    expect(classifyResponse(410, null, 0).kind).toBe('dead');
    expect(classifyResponse(301, null, 0).kind).toBe('dead');
    expect(classifyResponse(408, null, 0).kind).toBe('retry');
    expect(classifyResponse(500, null, 0)).toEqual({ kind: 'retry', error: 'HTTP 500' });
    expect(classifyResponse(429, '7', 0)).toEqual({ kind: 'retry', error: 'HTTP 429', retryAfterMs: 7_000 });
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    expect(parseRetryAfter(new Date(61_000).toUTCString(), 1_000)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped, and never earlier than Retry-After', () => {
    const p = defaultBackoff;
    expect(retryDelayMs(1, p, () => 0)).toBe(1_000);
    expect(retryDelayMs(1, p, () => 1)).toBe(2_000);
    expect(retryDelayMs(4, p, () => 0.5)).toBe(12_000);
    expect(retryDelayMs(40, p, () => 1)).toBe(p.maxMs);
    expect(retryDelayMs(1, p, () => 0, 5_000)).toBe(5_000);
    expect(retryDelayMs(1, p, () => 1, 10 * 3600_000)).toBeLessThanOrEqual(p.maxRetryAfterMs + 1_000);
  });
});

const post = (id: string, version: number, status: PostForPortal['status'] = 'open'): PostForPortal => ({
  id,
  version,
  status,
  title: '电焊工',
  description: '',
  employerName: '济南爱心建工有限公司',
  occupationCode: '6-18-02-04',
  regionCode: '370102',
  headcount: 3,
  openings: status === 'open' ? 3 : 0,
  payMin: 6000,
  payMax: 8000,
  payText: null,
  accommodation: true,
  meals: true,
  requiredSkills: [],
  requiredCertificates: ['焊工证'],
  ageMin: null,
  ageMax: 55,
  minEducation: null,
  postType: 'regular',
  validFrom: null,
  validTo: null,
});

describe('planning a push', () => {
  it('new once, update on a new version, withdrawal when no longer suitable, new again after withdrawal', () => {
    const last = new Map([
      ['b', { postId: 'b', postVersion: 1, kind: 'new' as const }],
      ['c', { postId: 'c', postVersion: 2, kind: 'update' as const }],
      ['d', { postId: 'd', postVersion: 1, kind: 'new' as const }],
      ['e', { postId: 'e', postVersion: 3, kind: 'withdrawal' as const }],
      ['f', { postId: 'f', postVersion: 1, kind: 'withdrawal' as const }],
    ]);
    const plan = planDeliveries(
      [
        { post: post('a', 1), suitable: true },
        { post: post('b', 1), suitable: true },
        { post: post('c', 3), suitable: true },
        { post: post('d', 2, 'closed'), suitable: false },
        { post: post('e', 4), suitable: true },
        { post: post('f', 2, 'closed'), suitable: false },
      ],
      last,
    );
    expect(plan.map((p) => `${p.post.id}:${p.kind}`)).toEqual(['a:new', 'c:update', 'd:withdrawal', 'e:new']);
  });

  it('builds events from the allow-list only, and keys them by subscription, post, version and kind', () => {
    const withPersonal = { ...post('a', 1), contactPhone: '13800000000' } as PostForPortal;
    const e = buildEvent('s1', withPersonal, 'new', new Date(0));
    expect(Object.keys(e.post)).not.toContain('contactPhone');
    expect(Object.keys(e.post)).toHaveLength(23);
    expect(e.idempotencyKey).toBe(idempotencyKeyFor('s1', 'a', 1, 'new'));
    expect(idempotencyKeyFor('s1', 'a', 1, 'update')).not.toBe(e.idempotencyKey);
    const w = buildEvent('s1', post('a', 2, 'withdrawn'), 'withdrawal', new Date(0));
    expect(w).toMatchObject({ event: 'post.withdrawal', reason: 'withdrawn', post: { id: 'a', version: 2 } });
    expect(JSON.stringify(w)).not.toContain('title');
  });
});
