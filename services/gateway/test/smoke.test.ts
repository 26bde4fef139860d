import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app';
import { createAdminKey } from '../src/cli/admin-key';

/** The README walkthrough, over HTTP on a real port, against the real PostgreSQL. */
describe('gateway on a real port with PostgreSQL', () => {
  let app: App;
  let database: Database;
  let cleanup: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase('postgres'));
    await loadReferenceData(database.db, { occupationsFile: undefined });
    app = await buildApp({ config: loadConfig({}), database });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await cleanup?.();
  });

  const call = async (
    key: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...headers,
        ...(key ? { 'x-api-key': key } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { id: string } };
  };

  it('admin key → bureau key → a person → 四个底数, and the audit trail', async () => {
    expect((await call(null, 'GET', '/ready')).status).toBe(200);
    const { key: admin } = await createAdminKey(database, { name: '运维' });
    const created = await call(admin.key, 'POST', '/v1/admin/users', {
      name: '湘西州人社局',
      role: 'bureau',
      regionCode: '433100',
    });
    expect(created.status).toBe(201);
    const bureau = (created.body.key as { key: string }).key;
    expect((await call(null, 'GET', '/v1/people')).status).toBe(401);

    const person = await call(bureau, 'POST', '/v1/people', {
      name: '测试人员',
      originRegionCode: '433122',
      desiredOccupations: ['6-18-02-04'],
      acceptableRegionCodes: ['370100'],
      willingToTrain: true,
    });
    expect(person.status).toBe(201);
    const read = await call(bureau, 'GET', `/v1/people/${person.body.id}`);
    expect(read.body).toMatchObject({
      name: '测试人员',
      originRegionName: '湖南省湘西土家族苗族自治州泸溪县',
    });

    const four = await call(bureau, 'GET', '/v1/four-counts?region=433100&destination=370100');
    expect(four.status).toBe(200);
    expect(four.body.counts).toMatchObject({ labour: 1, intending: 1, willingToTrain: 1, suitablePosts: 0 });

    // Why, as curl sends it: the UTF-8 bytes of 就业帮扶 as they are (not percent-encoded).
    const rawUtf8 = Buffer.from('就业帮扶', 'utf8').toString('latin1');
    await call(bureau, 'GET', `/v1/people/${person.body.id}`, undefined, { 'x-purpose': rawUtf8 });

    const audit = await call(admin.key, 'GET', `/v1/admin/audit?subjectId=${person.body.id}`);
    const trail = audit.body.items as { action: string; purpose: string }[];
    expect(trail.map((e) => e.action).sort()).toEqual(['create', 'read', 'read']);
    expect(trail.map((e) => e.purpose)).toContain('就业帮扶');
    // By date (China time): today's rows are in today's range, and in none that ends before today.
    const day = (offset: number) =>
      new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const within = async (from: string, to: string) =>
      (await call(admin.key, 'GET', `/v1/admin/audit?subjectId=${person.body.id}&from=${from}&to=${to}`)).body
        .items as unknown[];
    expect(await within(day(0), day(0))).toHaveLength(3);
    expect(await within(day(-3), day(-1))).toHaveLength(0);
  });
});
