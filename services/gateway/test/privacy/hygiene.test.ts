import { loadConfig } from '@qihang/shared/config/index';
import { auditLog } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPort } from '../../src/uploads/ingest-port';
import { buildWorld, type World } from '../fixtures';

/** Request ids and NUL characters: what reaches logs and the audit, and what PostgreSQL cannot store. */
describe('request hygiene', () => {
  let w: World;
  beforeAll(async () => {
    const config = loadConfig({});
    w = await buildWorld({
      ingest: (database) => ingestPort({ database, idHashKey: config.secrets.idHashKey }),
    });
  });
  afterAll(async () => w?.cleanup());

  const auditedRequestIds = async (personId: string) =>
    (await w.database.db.select().from(auditLog).where(eq(auditLog.subjectId, personId))).map(
      (r) => r.requestId,
    );

  it("keeps a client's short, safe request id, in the answer and the audit", async () => {
    const res = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRural}`,
      headers: { 'x-request-id': 'console-7f3a9c' },
    });
    expect(res.statusCode).toBe(200);
    expect(await auditedRequestIds(w.ids.xiangxiRural)).toContain('console-7f3a9c');
  });

  it.each([
    ['an ID number', '433101199003074511'],
    ['a phone number', '13800000001'],
    ['a kilobyte of text', 'x'.repeat(1024)],
    ['a name, percent-encoded', encodeURIComponent('张三')],
  ])('replaces a request id that is %s with its own, in the audit too', async (_what, sent) => {
    const res = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRehab}`,
      headers: { 'x-request-id': sent },
    });
    expect(res.statusCode).toBe(200);
    const ids = await auditedRequestIds(w.ids.xiangxiRehab);
    expect(ids).not.toContain(sent);
    expect(ids.at(-1)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 400 naming the field for a NUL character in a body', async () => {
    const res = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '赵\u0000六', originRegionCode: '433101', desiredOccupations: [] },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details).toEqual([{ path: 'body.name', message: expect.stringContaining('空字符') }]);
  });

  it('answers 400 naming the field for a NUL character in a query', async () => {
    const res = await w.inject('admin', { method: 'GET', url: '/v1/audit?subjectId=a%00b' });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details[0].path).toBe('querystring.subjectId');
  });

  it("answers 400 naming the field for a NUL character in an upload's filename", async () => {
    const res = await w.inject('admin', {
      method: 'POST',
      url: '/v1/uploads/people?filename=a%00.csv',
      headers: { 'content-type': 'text/csv' },
      payload: '姓名,户籍地\n赵六,湖南省吉首市\n',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details[0].path).toBe('querystring.filename');
  });
});
