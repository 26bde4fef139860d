import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateKey, hashKey, parseKey, verifyKey } from '../../src/auth/keys';
import { candidateHandle, candidateSchema, safeReasons } from '../../src/privacy/deidentify';

const forbidden = {
  name: '张三',
  idNumber: '11010519491231002X',
  idNumberHash: 'ab12cd',
  phone: '13800000001',
  statusCategory: 'compulsory_rehab',
  facilityId: '6f9d2b0e-0000-4000-8000-000000000000',
  facilityName: '湖南省湘西强制隔离戒毒所',
  workHistory: '戒毒所车间',
  personId: 'a0000000-0000-4000-8000-000000000000',
};

const candidate = {
  handle: 'c_0123456789abcdef0123',
  score: 0.8,
  reasons: [{ factor: 'certificate', ok: true, text: '持焊工证 ✓' }],
  skills: ['电焊'],
  certificates: ['焊工证'],
  desiredOccupations: ['6-18-02-04'],
  education: null,
  ageBand: '30-39岁',
  availableFrom: null,
  willingToRelocate: true,
  originCity: '湖南省湘西土家族苗族自治州',
  contact: { kind: 'bureau', regionCode: '433100', name: 'x人力资源和社会保障局', note: '' },
};

describe('employer-facing candidate schema', () => {
  it('strips every field it does not allow, even when a handler returns them', async () => {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.get(
      '/leaky',
      { schema: { response: { 200: z.object({ items: z.array(candidateSchema) }) } } },
      async () => ({
        items: [
          {
            ...candidate,
            ...forbidden,
            contact: { ...candidate.contact, ...forbidden, name: candidate.contact.name },
          },
        ],
      }),
    );
    const res = await app.inject({ method: 'GET', url: '/leaky' });
    expect(res.statusCode).toBe(200);
    for (const [key, value] of Object.entries(forbidden)) {
      expect(Object.keys(res.json().items[0])).not.toContain(key);
      expect(Object.keys(res.json().items[0].contact)).not.toContain(key === 'name' ? 'none' : key);
      expect(res.body).not.toContain(value);
    }
    expect(res.json().items[0]).toEqual(candidate);
    await app.close();
  });

  it('documents only allowed fields in OpenAPI', () => {
    const json = z.toJSONSchema(candidateSchema) as unknown as {
      $defs: { Candidate: { properties: Record<string, unknown> } };
    };
    const props = Object.keys(json.$defs.Candidate.properties);
    expect(props).toContain('handle');
    for (const key of Object.keys(forbidden)) expect(props).not.toContain(key);
  });

  it('drops reasons that would hint at a status, keeps the rest', () => {
    const kept = safeReasons([
      { factor: 'certificate', ok: true, text: '持焊工证 ✓' },
      { factor: 'fair_chance', ok: true, text: '爱心企业 ✓' },
      { factor: 'history', ok: true, text: '刑满释放人员优先 ✓' },
    ]);
    expect(kept.map((r) => r.text)).toEqual(['持焊工证 ✓']);
  });

  it('gives a stable handle per (candidate, employer) that differs between employers', () => {
    const a = candidateHandle('k'.repeat(32), 'p1', 'e1');
    expect(candidateHandle('k'.repeat(32), 'p1', 'e1')).toBe(a);
    expect(candidateHandle('k'.repeat(32), 'p1', 'e2')).not.toBe(a);
    expect(candidateHandle('j'.repeat(32), 'p1', 'e1')).not.toBe(a);
  });
});

describe('API key format', () => {
  it('parses, verifies in constant time, and rejects tampering', () => {
    const k = generateKey();
    const parsed = parseKey(k.plain)!;
    expect(parsed.prefix).toBe(k.prefix);
    expect(verifyKey(parsed.prefix, parsed.secret, k.hash)).toBe(true);
    // One character changed (a random secret ends in 'A' one time in 64: then 'B').
    const other = parsed.secret.endsWith('A') ? 'B' : 'A';
    expect(verifyKey(parsed.prefix, `${parsed.secret.slice(0, -1)}${other}`, k.hash)).toBe(false);
    expect(verifyKey('000000000000', parsed.secret, k.hash)).toBe(false);
    expect(parseKey('qh_short_x')).toBeNull();
    expect(hashKey(k.prefix, parsed.secret)).toBe(k.hash);
  });
});
