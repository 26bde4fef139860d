import { auditLog, outbox, people } from '@qihang/shared/db/schema/index';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, codes, type World } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
});
afterAll(async () => {
  await w?.cleanup();
});

const paths = (body: { details?: { path: string }[] }) => (body.details ?? []).map((d) => d.path).sort();
const embedJobs = (ownerId: string) =>
  w.database.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.jobName, 'embed'), eq(outbox.jobId, outbox.jobId)))
    .then((rows) => rows.filter((r) => (r.payload as { ownerId: string }).ownerId === ownerId));

describe('people (求职需求清单)', () => {
  let id: string;

  it('registers a person from a facility key: ID number only as a hash, an embed job in the same transaction', async () => {
    const res = await w.inject('facility', {
      method: 'POST',
      url: '/v1/people',
      payload: {
        name: '陈七',
        idNumber: '11010519491231002X',
        phone: '13912345678',
        originRegionCode: codes.luxi,
        statusCategory: 'compulsory_rehab',
        desiredOccupations: [codes.welder],
        acceptableRegionCodes: [codes.jinan],
        skills: ['电焊'],
        willingToTrain: true,
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    id = body.id;
    expect(body).toMatchObject({
      facilityId: w.ids.xiangxiCentre,
      statusCategoryLabel: '强制隔离戒毒人员',
      statusLabel: '求职中',
    });
    expect(body.originRegionName).toContain('泸溪县');
    expect(res.body).not.toContain('11010519491231002X');
    expect(body).not.toHaveProperty('idNumberHash');
    const [row] = await w.database.db.select().from(people).where(eq(people.id, id));
    expect(row!.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await embedJobs(id)).toHaveLength(1);
  });

  it('answers bad input with 400 and field paths, unknown codes with 422, a duplicate ID number with 409', async () => {
    const bad = await w.inject('admin', {
      method: 'POST',
      url: '/v1/people',
      payload: {
        name: '',
        originRegionCode: '4331',
        birthYear: 1800,
        idNumber: '123',
        acceptableRegionCodes: ['x'],
        extra: 1,
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad.json())).toEqual(
      expect.arrayContaining([
        'body.name',
        'body.originRegionCode',
        'body.birthYear',
        'body.idNumber',
        'body.acceptableRegionCodes.0',
      ]),
    );
    const unknown = await w.inject('admin', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '甲', originRegionCode: '439999', desiredOccupations: ['9-99-99-99'] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(paths(unknown.json())).toEqual(['body.desiredOccupations.0', 'body.originRegionCode']);
    const dup = await w.inject('admin', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '乙', originRegionCode: codes.luxi, idNumber: '11010519491231002x' },
    });
    expect(dup.statusCode).toBe(409);
    // An ID number is never kept in clear, not even as a list's own number for the person.
    const idAsNumber = await w.inject('admin', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '丙', originRegionCode: codes.luxi, externalId: '11010519491231002X' },
    });
    expect(idAsNumber.statusCode).toBe(400);
    expect(paths(idAsNumber.json())).toEqual(['body.externalId']);
  });

  it('corrects a person; a text change queues a new embedding, an unchanged text does not', async () => {
    const res = await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/people/${id}`,
      payload: { certificates: ['焊工证'] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().certificates).toEqual(['焊工证']);
    expect(await embedJobs(id)).toHaveLength(2);
    await w.inject('bureau', { method: 'PATCH', url: `/v1/people/${id}`, payload: { phone: '13900000000' } });
    expect(await embedJobs(id)).toHaveLength(2);
    const moved = await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/people/${id}`,
      payload: { originRegionCode: codes.liucheng },
    });
    expect(moved.statusCode).toBe(403);
  });

  it('lists with filters and keyset paging, one audit row per person returned', async () => {
    const first = await w.inject('admin', {
      method: 'GET',
      url: `/v1/people?limit=2&region=${codes.xiangxi}`,
      headers: { 'x-purpose': encodeURIComponent('就业帮扶') },
    });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const second = (
      await w.inject('admin', {
        method: 'GET',
        url: `/v1/people?limit=2&region=${codes.xiangxi}&cursor=${page1.nextCursor}`,
      })
    ).json();
    const all = [...page1.items, ...second.items].map((p: { id: string }) => p.id);
    expect(new Set(all).size).toBe(3);
    expect(second.nextCursor).toBeNull();
    const welders = (await w.inject('admin', { method: 'GET', url: '/v1/people?occupation=6-18' })).json();
    expect(
      welders.items.every((p: { desiredOccupations: string[] }) =>
        p.desiredOccupations.includes(codes.welder),
      ),
    ).toBe(true);
    const audit = await w.inject('admin', {
      method: 'GET',
      url: `/v1/admin/audit?subjectId=${page1.items[0].id}&action=list`,
    });
    const entries = audit.json().items;
    expect(entries).toContainEqual(
      expect.objectContaining({
        actorRole: 'admin',
        purpose: '就业帮扶',
        route: 'GET /v1/people',
        subjectType: 'person',
      }),
    );
    const perRequest = entries.filter((e: { requestId: string }) => e.requestId === entries[0].requestId);
    expect(perRequest).toHaveLength(1);
    const badCursor = await w.inject('admin', { method: 'GET', url: '/v1/people?cursor=nope&limit=0' });
    expect(badCursor.statusCode).toBe(400);
    expect(paths(badCursor.json())).toEqual(['querystring.limit']);
    // A cursor edited by hand (a time that is no time, a month 13) is refused, not passed to the database.
    const uuid = page1.items[0].id;
    for (const t of ['x', '1', '2026-13-45T00:00:00.000000Z', '2026-02-30T10:00:00.000000Z']) {
      const cursor = Buffer.from(JSON.stringify({ t, i: uuid })).toString('base64url');
      for (const route of ['people', 'posts', 'employers', 'training-courses']) {
        const res = await w.inject('admin', { method: 'GET', url: `/v1/${route}?cursor=${cursor}` });
        expect(res.statusCode, `${route} ${t}`).toBe(422);
        expect(paths(res.json())).toEqual(['querystring.cursor']);
      }
    }
  });

  it('records and withdraws consent; the latest record decides', async () => {
    const grant = await w.inject('facility', {
      method: 'POST',
      url: `/v1/people/${id}/consents`,
      payload: { purpose: 'employer_matching', granted: true, evidence: '档案 2024-17' },
    });
    expect(grant.statusCode).toBe(201);
    expect(
      (await w.inject('facility', { method: 'GET', url: `/v1/people/${id}` })).json().consents
        .employer_matching,
    ).toBe(true);
    const withdraw = await w.inject('facility', {
      method: 'DELETE',
      url: `/v1/people/${id}/consents/employer_matching`,
    });
    expect(withdraw.json()).toMatchObject({ granted: false, purposeLabel: '向用人单位推荐（去标识化）' });
    const history = (await w.inject('facility', { method: 'GET', url: `/v1/people/${id}/consents` })).json();
    expect(history.current).toEqual({ employer_matching: false, portal_push: false });
    expect(history.history).toHaveLength(2);
  });

  it('erases a person: personal data gone, the anonymous row kept, idempotent', async () => {
    const res = await w.inject('bureau', { method: 'POST', url: `/v1/people/${id}/erase` });
    expect(res.json()).toMatchObject({ id, alreadyErased: false });
    const [row] = await w.database.db.select().from(people).where(eq(people.id, id));
    expect(row).toMatchObject({
      name: null,
      phone: null,
      idNumberHash: null,
      statusCategory: null,
      facilityId: null,
      workHistory: '',
      status: 'erased',
    });
    expect(row).toMatchObject({
      originRegionCode: codes.luxi,
      desiredOccupations: [codes.welder],
      willingToTrain: true,
    });
    expect(
      (await w.inject('bureau', { method: 'POST', url: `/v1/people/${id}/erase` })).json().alreadyErased,
    ).toBe(true);
    const listed = (await w.inject('admin', { method: 'GET', url: '/v1/people' })).json();
    expect(listed.items.map((p: { id: string }) => p.id)).not.toContain(id);
    const events = await w.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'erase')));
    expect(events).toHaveLength(1);
  });

  it('in buffered audit mode still records every read, at the latest when the app closes', async () => {
    const { buildApp } = await import('../src/app');
    const { loadConfig } = await import('@qihang/shared/config/index');
    const app = await buildApp({
      config: loadConfig({}),
      database: w.database,
      rateLimit: false,
      audit: 'buffered',
    });
    const res = await app.inject({
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRural}`,
      headers: { 'x-api-key': w.keys.admin, 'x-request-id': 'buffered-1' },
    });
    expect(res.statusCode).toBe(200);
    await app.close();
    const rows = await w.database.db.select().from(auditLog).where(eq(auditLog.requestId, 'buffered-1'));
    expect(rows).toHaveLength(1);
  });

  it('closes a person as placed', async () => {
    const res = await w.inject('admin', {
      method: 'POST',
      url: `/v1/people/${w.ids.xiangxiRural}/close`,
      payload: { status: 'placed' },
    });
    expect(res.json()).toMatchObject({ status: 'placed', statusLabel: '已就业' });
  });
});

describe('posts, employers and training courses', () => {
  let postId: string;

  it('an employer creates a post for itself only; the post gets version 1 and an embed job', async () => {
    const other = await w.inject('employer', {
      method: 'POST',
      url: '/v1/posts',
      payload: { employerId: w.ids.plainEmployer, title: '焊工', headcount: 2, regionCode: codes.lixia },
    });
    // Another employer reads as one that does not exist (auth/references.ts), naming the field.
    expect(other.statusCode).toBe(422);
    expect(other.json().details[0].path).toBe('body.employerId');
    const res = await w.inject('employer', {
      method: 'POST',
      url: '/v1/posts',
      payload: {
        employerId: w.ids.fairEmployer,
        title: '氩弧焊工',
        occupationCode: codes.welder,
        headcount: 3,
        regionCode: codes.lixia,
        payMin: 6000,
        payMax: 9000,
        accommodation: true,
      },
    });
    expect(res.statusCode).toBe(201);
    postId = res.json().id;
    expect(res.json()).toMatchObject({
      version: 1,
      status: 'open',
      statusLabel: '招聘中',
      employerName: '济南爱心建工有限公司',
    });
    expect(await embedJobs(postId)).toHaveLength(1);
    expect(res.json().expired).toBe(false);
  });

  it('shows a post left open past its end date as such (no longer recommended)', async () => {
    const res = await w.inject('employer', {
      method: 'POST',
      url: '/v1/posts',
      payload: {
        employerId: w.ids.fairEmployer,
        title: '装卸工',
        headcount: 1,
        regionCode: codes.lixia,
        validFrom: '2024-01-01',
        validTo: '2024-03-31',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'open', statusLabel: '已过有效期', expired: true });
  });

  it('bumps the version only when the content changes, and checks fields together (422 with paths)', async () => {
    const same = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/posts/${postId}`,
      payload: { payMin: 6000 },
    });
    expect(same.json().version).toBe(1);
    const changed = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/posts/${postId}`,
      payload: { payMin: 6500 },
    });
    expect(changed.json().version).toBe(2);
    const bad = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/posts/${postId}`,
      payload: { payMin: 10000, filledCount: 9 },
    });
    expect(bad.statusCode).toBe(422);
    expect(paths(bad.json())).toEqual(['body.filledCount', 'body.payMax']);
    const closed = await w.inject('employer', { method: 'POST', url: `/v1/posts/${postId}/close` });
    expect(closed.json()).toMatchObject({ status: 'closed', version: 3 });
  });

  it('lists posts with filters', async () => {
    const open = (
      await w.inject('admin', {
        method: 'GET',
        url: `/v1/posts?status=open&region=${codes.jinan}&occupation=${codes.welder}`,
      })
    ).json();
    expect(open.items.map((p: { id: string }) => p.id)).toEqual([w.ids.jinanWeldingPost]);
  });

  it('bureau registers employers in its region only; an employer may change only its contact', async () => {
    const outside = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/employers',
      payload: { name: '外地公司', regionCode: codes.lixia },
    });
    expect(outside.statusCode).toBe(403);
    expect(paths(outside.json())).toEqual(['body.regionCode']);
    const inside = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/employers',
      payload: { name: '吉首扶贫车间', regionCode: codes.jishou, creditCode: '91433101MA4L0000X1' },
    });
    expect(inside.statusCode).toBe(201);
    const self = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/employers/${w.ids.fairEmployer}`,
      payload: { fairChance: false },
    });
    expect(self.statusCode).toBe(403);
    const contact = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/employers/${w.ids.fairEmployer}`,
      payload: { contactName: '刘经理' },
    });
    expect(contact.json()).toMatchObject({ contactName: '刘经理', fairChanceLabel: '爱心企业' });
    const close = await w.inject('admin', {
      method: 'POST',
      url: `/v1/employers/${w.ids.plainEmployer}/close`,
    });
    expect(close.json()).toEqual({ id: w.ids.plainEmployer, closedPosts: 1 });
  });

  it('refuses a second employer of the same name in a region unless credit codes tell them apart', async () => {
    const create = (payload: object) => w.inject('bureau', { method: 'POST', url: '/v1/employers', payload });
    const first = await create({ name: '泸溪县同名测试餐馆', regionCode: codes.luxi });
    expect(first.statusCode, first.body).toBe(201);
    // The same name as a list would write it: traditional characters, a space.
    for (const name of ['泸溪县同名测试餐馆', '瀘溪縣同名測試餐館', '泸溪县 同名测试餐馆']) {
      const again = await create({ name, regionCode: codes.luxi, industry: '餐饮' });
      expect(again.statusCode, name).toBe(409);
      expect(again.json()).toMatchObject({ code: 'employer_exists' });
      expect(again.json().message).toContain(first.json().id);
      expect(paths(again.json())).toEqual(['body.name']);
    }
    // Nor with a credit code while the namesake has none: a list's row without one would find either.
    const coded = await create({
      name: '泸溪县同名测试餐馆',
      regionCode: codes.luxi,
      creditCode: '92433122MA4L0000X2',
    });
    expect(coded.statusCode).toBe(409);
    // Another region is another employer; so are two with different credit codes.
    expect((await create({ name: '泸溪县同名测试餐馆', regionCode: codes.jishou })).statusCode).toBe(201);
    for (const creditCode of ['92433122MA4L0000X3', '92433122MA4L0000X4']) {
      const res = await create({ name: '泸溪县另一家同名餐馆', regionCode: codes.luxi, creditCode });
      expect(res.statusCode, res.body).toBe(201);
    }
    // Stored as a list's rows are: simplified, without spaces.
    const spaced = await create({ name: '泸溪县 第三家 餐館', regionCode: codes.luxi });
    expect(spaced.json().name).toBe('泸溪县第三家餐馆');
    // Renaming into the clash is refused; an edit that keeps the name is not a clash.
    const rename = (name: string) =>
      w.inject('bureau', { method: 'PATCH', url: `/v1/employers/${spaced.json().id}`, payload: { name } });
    expect((await rename('泸溪县同名测试餐馆')).statusCode).toBe(409);
    expect((await rename('泸溪县第三家餐馆')).statusCode).toBe(200);
  });

  it('a closed employer shows as closed and takes no new posts until a bureau reopens it', async () => {
    const id = w.ids.plainEmployer;
    const read = async () => (await w.inject('admin', { method: 'GET', url: `/v1/employers/${id}` })).json();
    const close = await w.inject('admin', { method: 'POST', url: `/v1/employers/${id}/close` });
    expect(close.statusCode).toBe(200);
    const closed = await read();
    expect(closed).toMatchObject({ statusLabel: '已关闭', openPosts: 0 });
    expect(Date.parse(closed.closedAt)).not.toBeNaN();
    const post = { employerId: id, title: '搬运工', headcount: 1, regionCode: codes.lixia };
    const refused = await w.inject('admin', { method: 'POST', url: '/v1/posts', payload: post });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'employer_closed' });
    expect(paths(refused.json())).toEqual(['body.employerId']);
    // Closing again closes nothing and keeps the first closing time.
    const again = await w.inject('admin', { method: 'POST', url: `/v1/employers/${id}/close` });
    expect(again.json()).toEqual({ id, closedPosts: 0 });
    expect((await read()).closedAt).toBe(closed.closedAt);
    const listed = async (q: string) =>
      (await w.inject('admin', { method: 'GET', url: `/v1/employers?${q}` }))
        .json()
        .items.map((e: { id: string }) => e.id);
    expect(await listed('closed=true')).toEqual([id]);
    expect(await listed('closed=false')).not.toContain(id);
    // Only officials reopen, and only in their region.
    const byEmployer = await w.inject('employer', { method: 'POST', url: `/v1/employers/${id}/reopen` });
    expect(byEmployer.statusCode).toBe(403);
    const elsewhere = await w.inject('bureau', { method: 'POST', url: `/v1/employers/${id}/reopen` });
    expect(elsewhere.statusCode).toBe(404);
    const reopened = await w.inject('admin', { method: 'POST', url: `/v1/employers/${id}/reopen` });
    expect(reopened.json()).toMatchObject({ statusLabel: '正常', closedAt: null, openPosts: 0 });
    const created = await w.inject('admin', { method: 'POST', url: '/v1/posts', payload: post });
    expect(created.statusCode, created.body).toBe(201);
  });

  it("checks an employer's contact phone as a person's (400 naming the field)", async () => {
    const bad = await w.inject('employer', {
      method: 'PATCH',
      url: `/v1/employers/${w.ids.fairEmployer}`,
      payload: { contactPhone: '请打总机' },
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad.json())).toEqual(['body.contactPhone']);
    // Written as people write them (and as an uploaded list may): kept as digits.
    for (const [typed, kept] of [
      ['0531-8888 6666', '053188886666'],
      ['+86 139 1234 5678', '13912345678'],
    ]) {
      const good = await w.inject('employer', {
        method: 'PATCH',
        url: `/v1/employers/${w.ids.fairEmployer}`,
        payload: { contactPhone: typed },
      });
      expect(good.json()).toMatchObject({ contactPhone: kept });
    }
  });

  it('creates, changes and closes a training course', async () => {
    const created = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/training-courses',
      payload: {
        name: '叉车司机培训',
        certificatesTaught: ['叉车证'],
        provider: '湘西职校',
        regionCode: codes.jishou,
        durationDays: 15,
        costYuan: 1200,
        occupationCode: codes.forklift,
      },
    });
    expect(created.statusCode).toBe(201);
    // A bureau's course without a region is a missing field, not a place outside the region.
    const placeless = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/training-courses',
      payload: {
        name: '电工培训',
        certificatesTaught: ['电工证'],
        provider: '湘西职校',
        durationDays: 10,
        costYuan: 800,
      },
    });
    expect(placeless.statusCode).toBe(422);
    expect(paths(placeless.json())).toEqual(['body.regionCode']);
    const id = created.json().id;
    const found = (
      await w.inject('facility', { method: 'GET', url: '/v1/training-courses?certificate=叉车证' })
    ).json();
    expect(found.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(
      (
        await w.inject('liuchengBureau', {
          method: 'PATCH',
          url: `/v1/training-courses/${id}`,
          payload: { costYuan: 1 },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await w.inject('bureau', {
          method: 'PATCH',
          url: `/v1/training-courses/${id}`,
          payload: { costYuan: 1000 },
        })
      ).json().costYuan,
    ).toBe(1000);
    expect(
      (await w.inject('bureau', { method: 'DELETE', url: `/v1/training-courses/${id}` })).statusCode,
    ).toBe(204);
  });
});
