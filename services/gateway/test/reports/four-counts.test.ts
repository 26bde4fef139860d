import { gunzipSync } from 'node:zlib';
import { auditLog, employers, ingestBatches, people, posts } from '@qihang/shared/db/schema/index';
import { todayInChina } from '@qihang/shared/domain/index';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestPort } from '../../src/ports';
import { buildWorld, codes, fakeMatcher, type World } from '../fixtures';

const matcher = fakeMatcher();
const uploads: { kind: string; filename: string; bytes: number; role: string }[] = [];
const report = (kind: 'people' | 'posts', filename: string | null) => ({
  batchId: '11111111-1111-4111-8111-111111111111',
  kind,
  status: 'done' as const,
  filename,
  accepted: 2,
  updated: 0,
  unchanged: 0,
  rejected: 1,
  merged: 0,
  flagged: 0,
  unmappedColumns: ['备注'],
  columns: [],
  sheet: '清单',
  skippedSheets: [{ sheet: '柳城县', rows: 40, hidden: false }],
  warnings: [],
  error: null,
});
const ingest: IngestPort = {
  async getBatchReport() {
    return report('people', 'list.csv');
  },
  async ingestFile({ kind, filename, content, actor }) {
    uploads.push({ kind, filename, bytes: content.length, role: actor.role });
    return report(kind, filename);
  },
  async listRejectedRows(batchId) {
    return {
      items: [
        {
          id: '22222222-2222-4222-8222-222222222222',
          batchId,
          rowNumber: 3,
          raw: { 姓名: '某某', 身份证号: '110105********02' },
          errors: [{ field: '身份证号', reason: '校验位不正确' }],
          status: 'open',
        },
      ],
      nextCursor: null,
    };
  },
  async correctRejectedRow() {
    throw new Error('unused');
  },
  async resubmitRejectedRow() {
    throw new Error('unused');
  },
};

let w: World;
beforeAll(async () => {
  w = await buildWorld({ matcher, ingest });
});
afterAll(async () => {
  await w?.cleanup();
});

const counts = async (query: string, role: 'bureau' | 'admin' = 'bureau') => {
  const res = await w.inject(role, { method: 'GET', url: `/v1/four-counts?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('四个底数', () => {
  it('counts labour, intention (hierarchy-aware), training and suitable posts for a destination', async () => {
    const r = await counts(`region=${codes.xiangxi}&destination=${codes.jinan}`);
    expect(r.region).toEqual({ code: codes.xiangxi, name: '湖南省湘西土家族苗族自治州' });
    expect(r.counts).toEqual({
      labour: 2,
      intending: 2,
      willingToTrain: 1,
      suitablePosts: 2,
      suitableVacancies: 10,
    });
    // 济南市 is accepted by someone who named 济南市 and by someone who named 山东省; 历下区 lies in both.
    expect((await counts(`region=${codes.xiangxi}&destination=${codes.lixia}`)).counts.intending).toBe(2);
    expect((await counts(`region=${codes.xiangxi}&destination=440300`)).counts).toMatchObject({
      intending: 0,
      suitablePosts: 0,
    });
  });

  it('drills down by child region; what sits at the region itself is unallocated', async () => {
    const added = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '州直某', originRegionCode: codes.xiangxi },
    });
    expect(added.statusCode).toBe(201);
    const r = await counts(`region=${codes.xiangxi}&destination=${codes.jinan}`);
    expect(r.counts.labour).toBe(3);
    const byCode = Object.fromEntries(
      r.children.map((c: { region: { code: string }; counts: unknown }) => [c.region.code, c.counts]),
    );
    expect(byCode[codes.luxi]).toMatchObject({ labour: 1, intending: 1, willingToTrain: 1 });
    expect(byCode[codes.jishou]).toMatchObject({ labour: 1, intending: 1 });
    expect(r.unallocated).toEqual({ labour: 1, intending: 0, willingToTrain: 0 });
  });

  it('is as of a date: nothing registered after it counts', async () => {
    const yesterday = new Date(Date.now() - 86_400_000 * 2).toISOString().slice(0, 10);
    expect((await counts(`region=${codes.xiangxi}&asOf=${yesterday}`)).counts).toMatchObject({
      labour: 0,
      suitablePosts: 0,
    });
    expect((await counts(`region=${codes.xiangxi}`)).asOf).toBe(todayInChina());
  });

  it('reads a past day as it stood then: later changes to people and posts do not rewrite its figures', async () => {
    const { db } = w.database;
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const fiveDaysAgo = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const [employer] = await db.select({ id: employers.id }).from(employers).limit(1);
    const person = (externalId: string) => ({
      source: 'test',
      externalId,
      originRegionCode: '431200',
      acceptableRegionCodes: ['330100'],
      desiredOccupations: [codes.electrician],
      skills: [],
      certificates: [],
      createdAt: tenDaysAgo,
    });
    const [stays, moves] = await db
      .insert(people)
      .values([person('PIT-1'), person('PIT-2')])
      .returning();
    const [post] = await db
      .insert(posts)
      .values({
        employerId: employer!.id,
        title: '电工',
        contentHash: 'h-pit',
        regionCode: '330106',
        occupationCode: codes.electrician,
        headcount: 3,
        createdAt: tenDaysAgo,
      })
      .returning();
    const query = `region=431200&destination=330100`;
    const then = { labour: 2, intending: 2, willingToTrain: 0, suitablePosts: 1, suitableVacancies: 3 };
    expect((await counts(`${query}&asOf=${fiveDaysAgo}`, 'admin')).counts).toEqual(then);

    // Today one person wants training, the other wants Shenzhen instead, and the post is filled.
    await db.update(people).set({ willingToTrain: true }).where(eq(people.id, stays!.id));
    await db
      .update(people)
      .set({ acceptableRegionCodes: ['440300'] })
      .where(eq(people.id, moves!.id));
    await db.update(posts).set({ filledCount: 3 }).where(eq(posts.id, post!.id));

    expect((await counts(`${query}&asOf=${fiveDaysAgo}`, 'admin')).counts).toEqual(then);
    // Someone still intends to come and wants the post's occupation: the post drops out only for being full.
    expect((await counts(query, 'admin')).counts).toEqual({
      labour: 2,
      intending: 1,
      willingToTrain: 1,
      suitablePosts: 0,
      suitableVacancies: 0,
    });
  });

  it('keeps every figure when a person is erased', async () => {
    const before = await counts(`region=${codes.xiangxi}&destination=${codes.jinan}`);
    await w.inject('bureau', { method: 'POST', url: `/v1/people/${w.ids.xiangxiRehab}/erase` });
    const after = await counts(`region=${codes.xiangxi}&destination=${codes.jinan}`);
    expect(after.counts).toEqual(before.counts);
    expect(after.children).toEqual(before.children);
  });

  it('refuses a region outside the bureau, and unknown or malformed codes', async () => {
    const outside = await w.inject('bureau', { method: 'GET', url: '/v1/four-counts?region=430000' });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().details).toEqual([
      { path: 'querystring.region', message: '不在本账号所属地区（含下辖地区）内' },
    ]);
    expect(
      (await w.inject('admin', { method: 'GET', url: '/v1/four-counts?region=439999' })).statusCode,
    ).toBe(404);
    const bad = await w.inject('admin', { method: 'GET', url: '/v1/four-counts?region=43&asOf=2024-13-01' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['querystring.asOf', 'querystring.region']);
  });
});

describe('recommendations and candidates', () => {
  it('returns posts for a person in scope with reasons, audit-logged', async () => {
    matcher.next.posts = [w.ids.jinanWeldingPost, w.ids.jinanPlainPost];
    const res = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRural}/recommendations?limit=5`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: { post: { id: string } }) => i.post.id)).toEqual(matcher.next.posts);
    expect(res.json().items[0].post).toMatchObject({
      title: '电焊工',
      headcountLeft: 5,
      regionName: '山东省济南市历下区',
    });
    const audit = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, w.ids.xiangxiRural), eq(auditLog.action, 'recommend')));
    expect(audit).toHaveLength(1);
    expect(
      (
        await w.inject('liuchengBureau', {
          method: 'GET',
          url: `/v1/people/${w.ids.xiangxiRural}/recommendations`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('sends the same page gzip-compressed to a client that accepts it, and audits that read too', async () => {
    matcher.next.posts = [w.ids.jinanWeldingPost, w.ids.jinanPlainPost];
    const url = `/v1/people/${w.ids.xiangxiRural}/recommendations?limit=7`;
    const plain = await w.inject('bureau', { method: 'GET', url });
    const zipped = await w.inject('bureau', {
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' },
    });
    const refused = await w.inject('bureau', {
      method: 'GET',
      url,
      headers: { 'accept-encoding': '*, gzip ;q=0' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual(plain.json());
    const audit = await w.database.db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.subjectId, w.ids.xiangxiRural),
          eq(auditLog.action, 'recommend'),
          eq(auditLog.route, 'GET /v1/people/:id/recommendations'),
        ),
      );
    // One row from the test above, one for each of these three reads (the last two served from the cache).
    expect(audit).toHaveLength(4);
  });

  it('suggests near-misses with courses', async () => {
    const res = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRural}/near-misses`,
    });
    expect(res.json().items[0]).toMatchObject({ missing: ['叉车证'], postCount: 12 });
  });

  it('gives employers de-identified, consenting candidates only, with a handle per employer', async () => {
    // Re-register a consenting fair-chance person (the fixture one was erased above).
    const person = await w.inject('facility', {
      method: 'POST',
      url: '/v1/people',
      payload: {
        name: '周八',
        phone: '13700000000',
        idNumber: '110105199012310035',
        statusCategory: 'released_prisoner',
        originRegionCode: codes.luxi,
        skills: ['电焊'],
        workHistory: '监狱车间电焊三年',
        birthYear: 1990,
      },
    });
    expect(person.statusCode, person.body).toBe(201);
    const pid = person.json().id;
    await w.inject('facility', {
      method: 'POST',
      url: `/v1/people/${pid}/consents`,
      payload: { purpose: 'employer_matching', granted: true },
    });
    matcher.next.people = [
      { id: pid, extra: { name: '周八', statusCategory: 'released_prisoner' } },
      { id: w.ids.xiangxiRehab },
      { id: w.ids.liuchengPerson },
    ];
    const res = await w.inject('employer', {
      method: 'GET',
      url: `/v1/posts/${w.ids.jinanWeldingPost}/candidates`,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // erased (xiangxiRehab) and not consenting (liucheng) are dropped whatever the matcher says
    expect(body.items).toHaveLength(1);
    const [c] = body.items;
    expect(c.handle).toMatch(/^c_[0-9a-f]{20}$/);
    expect(c).toMatchObject({
      skills: ['电焊'],
      ageBand: expect.stringMatching(/岁$/),
      originCity: '湖南省湘西土家族苗族自治州',
    });
    expect(c.contact).toMatchObject({
      kind: 'bureau',
      name: '湖南省湘西土家族苗族自治州人力资源和社会保障局',
    });
    for (const leak of [
      '周八',
      '13700000000',
      '110105199012310035',
      'released_prisoner',
      '刑满',
      '监狱',
      '戒毒',
      pid,
      w.ids.xiangxiCentre,
      '爱心企业',
    ]) {
      expect(res.body).not.toContain(leak);
    }
    expect(Object.keys(c).sort()).toEqual(
      [
        'ageBand',
        'availableFrom',
        'certificates',
        'contact',
        'desiredOccupations',
        'education',
        'handle',
        'originCity',
        'reasons',
        'score',
        'skills',
        'willingToRelocate',
      ].sort(),
    );
    const again = (
      await w.inject('employer', { method: 'GET', url: `/v1/posts/${w.ids.jinanWeldingPost}/candidates` })
    ).json();
    expect(again.items[0].handle).toBe(c.handle);
    const audit = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, pid), eq(auditLog.action, 'read_deidentified')));
    expect(audit.length).toBe(2);

    // A non-fair-chance employer never gets a person whose category needs one; the handle differs per employer.
    matcher.next.people = [{ id: pid }, { id: w.ids.xiangxiRural }];
    const plain = (
      await w.inject('admin', { method: 'GET', url: `/v1/posts/${w.ids.jinanPlainPost}/candidates` })
    ).json();
    expect(plain.items).toHaveLength(1);
    expect(plain.items[0].handle).not.toBe(c.handle);
    const fair = (
      await w.inject('admin', { method: 'GET', url: `/v1/posts/${w.ids.jinanWeldingPost}/candidates` })
    ).json();
    expect(fair.items.map((i: { handle: string }) => i.handle)).toContain(c.handle);
  });

  it('an employer cannot ask for candidates of another employer’s post', async () => {
    expect(
      (await w.inject('employer', { method: 'GET', url: `/v1/posts/${w.ids.jinanPlainPost}/candidates` }))
        .statusCode,
    ).toBe(404);
  });
});

describe('uploads (through the ingest port)', () => {
  it('passes the file to ingest and returns the batch report', async () => {
    const res = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/uploads/people?filename=list.csv',
      headers: { 'content-type': 'text/csv' },
      payload: '姓名,身份证号\n某某,1101\n',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      accepted: 2,
      rejected: 1,
      unmappedColumns: ['备注'],
      sheet: '清单',
      skippedSheets: [{ sheet: '柳城县', rows: 40, hidden: false }],
    });
    expect(uploads.at(-1)).toMatchObject({ kind: 'people', filename: 'list.csv', role: 'bureau' });
  });

  it('refuses bad requests with field paths and a facility uploading posts', async () => {
    const noName = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/uploads/people',
      headers: { 'content-type': 'text/csv' },
      payload: 'a',
    });
    expect(noName.json().details.map((d: { path: string }) => d.path)).toEqual(['querystring.filename']);
    const facility = await w.inject('facility', {
      method: 'POST',
      url: '/v1/uploads/posts?filename=p.xlsx',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    expect(facility.statusCode).toBe(403);
  });

  it('shows a batch and its rejected rows to the uploader only', async () => {
    const [batch] = await w.database.db
      .insert(ingestBatches)
      .values({ kind: 'people', source: 'upload', createdBy: w.users.bureau })
      .returning();
    expect((await w.inject('bureau', { method: 'GET', url: `/v1/uploads/${batch!.id}` })).statusCode).toBe(
      200,
    );
    expect(
      (await w.inject('liuchengBureau', { method: 'GET', url: `/v1/uploads/${batch!.id}` })).statusCode,
    ).toBe(404);
    const rows = await w.inject('bureau', { method: 'GET', url: `/v1/uploads/${batch!.id}/rejected-rows` });
    expect(rows.json().items[0].errors[0]).toEqual({ field: '身份证号', reason: '校验位不正确' });
  });
});
