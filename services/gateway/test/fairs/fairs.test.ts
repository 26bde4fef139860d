import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedFair, buildWorld, type World } from '../fixtures';

describe('job fairs: create, invite, assign, export', () => {
  let world: World;
  let fairId: string;

  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(async () => world?.cleanup());

  const post = (url: string, payload: object) => world.inject('organizer', { method: 'POST', url, payload });

  it('lets an organizer build a fair and generate capacity-aware shortlists', async () => {
    fairId = await approvedFair(world, { name: '湘西戒毒所就业推介会' });
    const { ids } = world;
    expect(
      (
        await post(`/v1/fairs/${fairId}/posts`, { postIds: [ids.jinanWeldingPost, ids.jinanPlainPost] })
      ).json(),
    ).toEqual({ added: 2 });
    expect(
      (await post(`/v1/fairs/${fairId}/participants`, { personIds: [ids.xiangxiRural] })).json(),
    ).toEqual({ invited: 1 });
    const byRule = await post(`/v1/fairs/${fairId}/participants`, {
      rule: { facilityId: ids.xiangxiCentre, availableWithinDays: 60 },
    });
    expect(byRule.json()).toEqual({ invited: 1 });

    const generated = await post(`/v1/fairs/${fairId}/shortlists`, { perHeadcount: 1, boothsPerPerson: 2 });
    expect(generated.statusCode).toBe(200);
    const summary = generated.json();
    expect(summary).toMatchObject({ people: 2, posts: 2, covered: 2, uncovered: [] });
    expect(summary.naive.covered).toBeLessThanOrEqual(summary.covered);

    const lists = await world.inject('organizer', { method: 'GET', url: `/v1/fairs/${fairId}/shortlists` });
    const items = lists.json().items as { personId: string; postId: string; employerId: string }[];
    // The rehab person reaches only the 爱心企业's post (fair-chance rule); the other may go to both.
    const rehab = items.filter((i) => i.personId === ids.xiangxiRehab);
    expect(rehab.map((i) => i.postId)).toEqual([ids.jinanWeldingPost]);
    expect(items.filter((i) => i.personId === ids.xiangxiRural)).toHaveLength(2);
  });

  it('exports de-identified employer sheets and named booth lists', async () => {
    const res = await world.inject('organizer', {
      method: 'GET',
      url: `/v1/fairs/${fairId}/exports/employers`,
    });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).sort()).toEqual(
      ['济南普通制造有限公司', '济南爱心建工有限公司'].sort(),
    );
    const text = wb.worksheets.flatMap((w) => w.getSheetValues().flat()).join('|');
    expect(text).toContain('候选人编号');
    expect(text).not.toMatch(/张三|李四|戒毒|强制隔离/);

    const booths = await world.inject('organizer', {
      method: 'GET',
      url: `/v1/fairs/${fairId}/exports/booths`,
    });
    const bw = new ExcelJS.Workbook();
    await bw.xlsx.load(booths.rawPayload as unknown as ArrayBuffer);
    expect(bw.worksheets[0]!.getSheetValues().flat().join('|')).toContain('张三');

    const page = await world.inject('organizer', {
      method: 'GET',
      url: `/v1/fairs/${fairId}/exports/employers?format=html`,
    });
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('用人单位推荐名单');
    expect(page.body).not.toContain('张三');
  });

  it('keeps fairs within their organizer and region', async () => {
    expect(
      (await world.inject('liuchengBureau', { method: 'GET', url: `/v1/fairs/${fairId}` })).statusCode,
    ).toBe(404);
    expect((await world.inject('employer', { method: 'GET', url: `/v1/fairs/${fairId}` })).statusCode).toBe(
      403,
    );
    expect((await world.inject('admin', { method: 'GET', url: `/v1/fairs/${fairId}` })).json()).toMatchObject(
      {
        postCount: 2,
        participantCount: 2,
      },
    );
  });
});
