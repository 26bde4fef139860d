import { loadConfig } from '@qihang/shared/config/index';
import { auditLog, employers, people } from '@qihang/shared/db/schema/index';
import { idNumberCheckChar } from '@qihang/shared/privacy/id-number';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPort } from '../../src/uploads/ingest-port';
import { buildWorld, type World } from '../fixtures';

const idNumber = (area: string, birth: string, seq: number) => {
  const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
};

const csv = (header: string[], rows: string[][]) =>
  Buffer.from([header, ...rows].map((r) => r.join(',')).join('\n'), 'utf8');

/**
 * An upload reaches only as far as its key: a bureau writes its region's people and posts, a facility its
 * own people. Knowing someone's ID number must not let one region rewrite, and so take over, another's person.
 */
describe('upload scope', () => {
  let w: World;
  const liuchengId = idNumber('450222', '19900101', 11);
  const centreId = idNumber('433122', '19850505', 21);

  beforeAll(async () => {
    const config = loadConfig({});
    w = await buildWorld({
      ingest: (database) => ingestPort({ database, idHashKey: config.secrets.idHashKey }),
    });
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  const upload = (role: Parameters<World['inject']>[0], kind: 'people' | 'posts', body: Buffer) =>
    w.inject(role, {
      method: 'POST',
      url: `/v1/uploads/${kind}?filename=list.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: body,
    });

  const personByName = async (name: string) =>
    (await w.database.db.select().from(people).where(eq(people.name, name)))[0];

  it('refuses a bureau row that takes another region’s person by ID number, and leaves the person alone', async () => {
    const first = await upload(
      'liuchengBureau',
      'people',
      csv(['姓名', '身份证号码', '户籍地'], [['韦一', liuchengId, '广西柳州市柳城县']]),
    );
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ accepted: 1, rejected: 0 });

    const takeover = await upload(
      'bureau',
      'people',
      csv(
        ['姓名', '身份证号码', '户籍地', '现居地'],
        [['韦一改', liuchengId, '湘西州泸溪县', '湘西州泸溪县']],
      ),
    );
    expect(takeover.statusCode, takeover.body).toBe(201);
    expect(takeover.json()).toMatchObject({ accepted: 0, updated: 0, merged: 0, rejected: 1 });
    const rows = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/uploads/${takeover.json().batchId}/rejected-rows`,
    });
    expect(rows.json().items[0].errors[0].reason).toMatch(/其他地区或机构登记/);

    const person = await personByName('韦一');
    expect(person?.originRegionCode).toBe('450222');
    expect(await personByName('韦一改')).toBeUndefined();
    const read = await w.inject('bureau', { method: 'GET', url: `/v1/people/${person!.id}` });
    expect(read.statusCode).toBe(404);
    // The refusal told the 湘西 bureau that this person is on file: recorded like a read, against the batch.
    const trail = await w.database.db.select().from(auditLog).where(eq(auditLog.subjectId, person!.id));
    expect(trail.map((a) => [a.action, a.actorUserId, a.requestId])).toEqual([
      ['id_number_conflict', w.users.bureau, takeover.json().batchId],
    ]);
  });

  it('lets the region’s own bureau update its person by the same ID number', async () => {
    const again = await upload(
      'liuchengBureau',
      'people',
      csv(
        ['人员编号', '姓名', '身份证号码', '户籍地', '技能'],
        [['LC-9', '韦一', liuchengId, '广西柳州市柳城县', '电焊']],
      ),
    );
    expect(again.json()).toMatchObject({ accepted: 1, merged: 1, rejected: 0 });
    expect((await personByName('韦一'))?.skills).toEqual(['电焊']);
  });

  it('refuses a bureau row whose home and current place both lie outside its region', async () => {
    const r = await upload(
      'bureau',
      'people',
      csv(
        ['姓名', '户籍地', '现居地', '人员编号'],
        [
          ['覃二', '广西柳州市柳城县', '广西柳州市柳城县', 'XX-1'],
          ['向三', '广西柳州市柳城县', '湘西州吉首市', 'XX-2'],
        ],
      ),
    );
    expect(r.json()).toMatchObject({ accepted: 1, rejected: 1 });
    const rows = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/uploads/${r.json().batchId}/rejected-rows`,
    });
    expect(rows.json().items[0]).toMatchObject({
      rowNumber: 2,
      errors: [{ field: '户籍地', reason: expect.stringMatching(/不在本单位辖区/) }],
    });
    expect(await personByName('覃二')).toBeUndefined();
    expect(await personByName('向三')).toBeDefined();
  });

  it('refuses a bureau’s post outside its region, and never changes another region’s employer’s 爱心企业 flag', async () => {
    const r = await upload(
      'liuchengBureau',
      'posts',
      csv(
        ['企业名称', '岗位名称', '招聘人数', '工作地点'],
        [
          ['柳城县某糖厂', '制糖工', '3', '广西柳州市柳城县'],
          ['济南某公司', '普工', '3', '济南市历下区'],
        ],
      ),
    );
    expect(r.json()).toMatchObject({ accepted: 1, rejected: 1 });
    const rows = await w.inject('liuchengBureau', {
      method: 'GET',
      url: `/v1/uploads/${r.json().batchId}/rejected-rows`,
    });
    expect(rows.json().items[0]).toMatchObject({ rowNumber: 3, errors: [{ field: '工作地点' }] });

    // The 济南 employer, found by its credit code from a 柳城 list, keeps its flag.
    const code = '91370102MA3C4XKX0L';
    await w.database.db
      .update(employers)
      .set({ creditCode: code })
      .where(eq(employers.id, w.ids.plainEmployer));
    const flag = await upload(
      'liuchengBureau',
      'posts',
      csv(
        ['企业名称', '统一社会信用代码', '是否爱心企业', '岗位名称', '招聘人数', '工作地点'],
        [['济南普通制造有限公司', code, '是', '分拣员', '2', '广西柳州市柳城县']],
      ),
    );
    expect(flag.json(), flag.body).toMatchObject({ accepted: 1, rejected: 0 });
    const [employer] = await w.database.db
      .select()
      .from(employers)
      .where(eq(employers.id, w.ids.plainEmployer));
    expect(employer?.fairChance).toBe(false);
  });

  it('makes a facility’s rows its own people and refuses one registered to another facility', async () => {
    const own = await upload(
      'facility',
      'people',
      csv(
        ['姓名', '身份证号码', '户籍地', '所属机构'],
        [['田四', centreId, '湘西州泸溪县', '柳城县社区戒毒社区康复工作站']],
      ),
    );
    expect(own.json()).toMatchObject({ accepted: 1, rejected: 0 });
    expect((await personByName('田四'))?.facilityId).toBe(w.ids.xiangxiCentre);

    const other = await upload(
      'facility',
      'people',
      csv(['姓名', '身份证号码', '户籍地'], [['韦一', liuchengId, '湘西州泸溪县']]),
    );
    expect(other.json()).toMatchObject({ accepted: 0, rejected: 1 });
    expect((await personByName('韦一'))?.facilityId).toBeNull();
  });

  it('keeps the scope when a rejected row is corrected and resubmitted', async () => {
    const r = await upload(
      'bureau',
      'people',
      csv(['姓名', '户籍地', '人员编号'], [['蒙五', '广西柳州市柳城县', 'XX-5']]),
    );
    const [row] = (
      await w.inject('bureau', { method: 'GET', url: `/v1/uploads/${r.json().batchId}/rejected-rows` })
    ).json().items;
    // Another bureau learns nothing of the row: the same answer as for a row that does not exist.
    const foreign = await w.inject('liuchengBureau', {
      method: 'PATCH',
      url: `/v1/rejected-rows/${row.id}`,
      payload: { values: { 户籍地: '柳城县' } },
    });
    const missing = await w.inject('liuchengBureau', {
      method: 'PATCH',
      url: `/v1/rejected-rows/${crypto.randomUUID()}`,
      payload: { values: { 户籍地: '柳城县' } },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().message).toBe(missing.json().message);
    const resubmit = await w.inject('bureau', {
      method: 'POST',
      url: `/v1/rejected-rows/${row.id}/resubmit`,
    });
    expect(resubmit.json().outcome).toBe('rejected');
    await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/rejected-rows/${row.id}`,
      payload: { values: { 户籍地: '湘西州泸溪县' } },
    });
    const fixed = await w.inject('bureau', { method: 'POST', url: `/v1/rejected-rows/${row.id}/resubmit` });
    expect(fixed.json().outcome).toBe('accepted');
    const person = await personByName('蒙五');
    expect(person?.originRegionCode).toBe('433122');
    // The answer says which person the row became.
    expect(fixed.json().recordId).toBe(person?.id);
  });

  it('pages through rejected rows in file order without skipping any while some are resubmitted', async () => {
    const names = ['韦一', '韦二', '韦三', '韦四', '韦五'];
    const r = await upload(
      'bureau',
      'people',
      csv(
        ['姓名', '户籍地', '人员编号'],
        names.map((n, i) => [n, '广西柳州市柳城县', `PG-${i}`]),
      ),
    );
    const rows = (cursor?: string) =>
      w.inject('bureau', {
        method: 'GET',
        url: `/v1/uploads/${r.json().batchId}/rejected-rows?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      });
    const first = (await rows()).json();
    expect(first.items.map((x: { raw: { 姓名: string } }) => x.raw.姓名)).toEqual(['韦一', '韦二']);
    // The first row is fixed and resubmitted before the next page is asked for.
    await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/rejected-rows/${first.items[0].id}`,
      payload: { values: { 户籍地: '湘西州泸溪县' } },
    });
    const fixed = await w.inject('bureau', {
      method: 'POST',
      url: `/v1/rejected-rows/${first.items[0].id}/resubmit`,
    });
    expect(fixed.json().outcome).toBe('accepted');
    const seen: string[] = [];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = (await rows(cursor)).json();
      seen.push(...page.items.map((x: { raw: { 姓名: string } }) => x.raw.姓名));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['韦三', '韦四', '韦五']);
    const tampered = await rows(Buffer.from('1e20').toString('base64url'));
    expect(tampered.statusCode).toBe(422);
  });

  const auditOf = async (query: string) =>
    (await w.inject('admin', { method: 'GET', url: `/v1/admin/audit?${query}` })).json().items as {
      action: string;
      actorUserId: string;
      subjectId: string;
      route: string | null;
    }[];

  it('audits reading and correcting rejected rows, and drops their values once imported', async () => {
    const r = await upload(
      'bureau',
      'people',
      csv(
        ['姓名', '联系电话', '户籍地', '人员编号', '出生年份'],
        [['彭六', '13900000006', '湘西州泸溪县', 'XX-6', '一九']],
      ),
    );
    const batchId = r.json().batchId;
    const [row] = (
      await w.inject('bureau', { method: 'GET', url: `/v1/uploads/${batchId}/rejected-rows` })
    ).json().items;
    expect(row.raw.联系电话).toBe('13900000006');
    const reads = await auditOf(`subjectType=ingest_batch&subjectId=${batchId}`);
    expect(reads).toEqual([
      expect.objectContaining({ action: 'read_rejected_rows', actorUserId: w.users.bureau }),
    ]);

    await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/rejected-rows/${row.id}`,
      payload: { values: { 出生年份: '1990' } },
    });
    const done = await w.inject('bureau', { method: 'POST', url: `/v1/rejected-rows/${row.id}/resubmit` });
    expect(done.json()).toMatchObject({ outcome: 'accepted', row: { status: 'resubmitted', raw: {} } });
    const actions = (await auditOf(`subjectType=rejected_row&subjectId=${row.id}`)).map((a) => a.action);
    expect(actions.sort()).toEqual(['correct_rejected_row', 'resubmit_rejected_row']);
  });

  it('audits an attempt to register an ID number already on file against the person it names', async () => {
    const r = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/people',
      payload: { name: '某人', originRegionCode: '433122', idNumber: liuchengId },
    });
    expect(r.statusCode).toBe(409);
    const person = await personByName('韦一');
    const trail = await auditOf(`subjectType=person&subjectId=${person!.id}&action=id_number_conflict`);
    // (The refused upload of the first test wrote its own row, route 'ingest upload'.)
    expect(trail.filter((a) => a.route === 'POST /v1/people')).toEqual([
      expect.objectContaining({ actorUserId: w.users.bureau }),
    ]);
  });

  it('audits a correction that puts an ID number already on file on someone else', async () => {
    const r = await w.inject('bureau', {
      method: 'PATCH',
      url: `/v1/people/${w.ids.xiangxiRural}`,
      payload: { idNumber: liuchengId },
    });
    expect(r.statusCode).toBe(409);
    const person = await personByName('韦一');
    const trail = await auditOf(`subjectType=person&subjectId=${person!.id}&action=id_number_conflict`);
    expect(trail.filter((a) => a.actorUserId === w.users.bureau && a.route !== 'ingest upload')).toHaveLength(
      2,
    );
  });

  it('keeps control characters out of a stated purpose, so a read is still recorded', async () => {
    const r = await w.inject('bureau', {
      method: 'GET',
      url: `/v1/people/${w.ids.xiangxiRural}`,
      headers: { 'x-purpose': '%00%E5%B0%B1%E4%B8%9A', 'x-request-id': 'purpose-nul' },
    });
    expect(r.statusCode).toBe(200);
    const [row] = await w.database.db.select().from(auditLog).where(eq(auditLog.requestId, 'purpose-nul'));
    expect(row?.purpose).toBe('就业');
  });
});
