import { jobFairs, personConsents } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedFair, buildWorld, codes, daysFromToday, type World } from '../fixtures';

/**
 * Organizers see only their fair: a fair's region is approved by a bureau of that region before anyone is
 * invited; invitations reach consenting people of that region or of partner facilities; the organizer sees
 * name, phone, booth and post only, while the fair is open and consent holds.
 */
describe('organizers see only their fair', () => {
  let w: World;
  let fairId: string;
  beforeAll(async () => {
    w = await buildWorld();
    // 王五 (柳城, community rehab) consents; his station will be a partner of one fair only.
    await w.database.db
      .insert(personConsents)
      .values({ personId: w.ids.liuchengPerson, purpose: 'employer_matching', granted: true });
    fairId = await approvedFair(w);
    await w.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/posts`,
      payload: { postIds: [w.ids.jinanWeldingPost] },
    });
  });
  afterAll(async () => w?.cleanup());

  const invite = (id: string, personIds: string[]) =>
    w.inject('organizer', { method: 'POST', url: `/v1/fairs/${id}/participants`, payload: { personIds } });

  it('no one is invited before a bureau of the fair’s region approves it; another region’s bureau cannot', async () => {
    const created = await w.inject('organizer', {
      method: 'POST',
      url: '/v1/fairs',
      payload: { name: '柳城专场', heldOn: daysFromToday(5), venue: '广场', regionCode: codes.liucheng },
    });
    expect(created.json()).toMatchObject({ approvedAt: null, regionCode: codes.liucheng });
    const id = created.json().id;
    const early = await invite(id, [w.ids.liuchengPerson]);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('fair_not_approved');
    // The 湘西 bureau neither approves nor reads a fair whose region is 柳城.
    for (const [method, url] of [
      ['POST', `/v1/fairs/${id}/approve`],
      ['GET', `/v1/fairs/${id}/shortlists`],
      ['GET', `/v1/fairs/${id}/exports/booths`],
    ] as const) {
      const res = await w.inject('bureau', { method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(res.statusCode, url).toBe(404);
    }
    const approved = await w.inject('liuchengBureau', {
      method: 'POST',
      url: `/v1/fairs/${id}/approve`,
      payload: {},
    });
    expect(approved.statusCode).toBe(200);
    expect((await invite(id, [w.ids.liuchengPerson])).json()).toEqual({ invited: 1 });
  });

  it('a fair needs a region; a bureau’s fair lies in its own region and is approved by it', async () => {
    const noRegion = await w.inject('organizer', {
      method: 'POST',
      url: '/v1/fairs',
      payload: { name: '无地区', heldOn: daysFromToday(5), venue: '广场' },
    });
    expect(noRegion.statusCode).toBe(422);
    const elsewhere = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/fairs',
      payload: { name: '外地', heldOn: daysFromToday(5), venue: '广场', regionCode: codes.liucheng },
    });
    expect(elsewhere.statusCode).toBe(403);
    const own = await w.inject('bureau', {
      method: 'POST',
      url: '/v1/fairs',
      payload: { name: '本地', heldOn: daysFromToday(5), venue: '广场', regionCode: codes.luxi },
    });
    expect(own.json().approvedAt).toEqual(expect.any(String));
  });

  it('invites only consenting people of the region, or of a partner facility', async () => {
    expect((await invite(fairId, [w.ids.liuchengPerson])).statusCode).toBe(422);
    const byRule = await w.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/participants`,
      payload: { rule: { facilityId: w.ids.liuchengStation, availableWithinDays: 60 } },
    });
    expect(byRule.statusCode).toBe(422);
    expect((await invite(fairId, [w.ids.xiangxiRehab, w.ids.xiangxiRural])).json()).toEqual({ invited: 2 });
    const partner = await approvedFair(w, { partnerFacilityIds: [w.ids.liuchengStation] });
    expect((await invite(partner, [w.ids.liuchengPerson])).json()).toEqual({ invited: 1 });
  });

  it('shows the organizer view only: name, phone, booth and post; no status, ID number or facility', async () => {
    await w.inject('organizer', { method: 'POST', url: `/v1/fairs/${fairId}/shortlists`, payload: {} });
    const view = await w.inject('organizer', { method: 'GET', url: `/v1/fairs/${fairId}/people` });
    expect(view.statusCode, view.body).toBe(200);
    const zhang = view.json().items.find((i: { name: string }) => i.name === '张三');
    expect(zhang).toMatchObject({
      phone: '13800000001',
      booths: [expect.objectContaining({ postTitle: '电焊工' })],
    });
    expect(view.body).not.toMatch(/statusCategory|compulsory_rehab|强制隔离|facility|idNumber|戒毒/);
    for (const url of [`/v1/people/${w.ids.xiangxiRehab}`, '/v1/people']) {
      expect((await w.inject('organizer', { method: 'GET', url })).statusCode, url).toBe(403);
    }
  });

  it('loses the person the moment consent is withdrawn', async () => {
    const withdrawn = await w.inject('facility', {
      method: 'DELETE',
      url: `/v1/people/${w.ids.xiangxiRehab}/consents/employer_matching`,
    });
    expect(withdrawn.statusCode).toBe(200);
    const view = await w.inject('organizer', { method: 'GET', url: `/v1/fairs/${fairId}/people` });
    expect(view.json().items.map((i: { personId: string }) => i.personId)).not.toContain(w.ids.xiangxiRehab);
    const intent = await w.inject('organizer', {
      method: 'POST',
      url: '/v1/intents',
      payload: {
        personId: w.ids.xiangxiRehab,
        postId: w.ids.jinanWeldingPost,
        fairId,
        signedOn: daysFromToday(0),
      },
    });
    expect(intent.statusCode).toBe(422);
  });

  it('sees nothing once the fair is over', async () => {
    await w.database.db
      .update(jobFairs)
      .set({ heldOn: daysFromToday(-3) })
      .where(eq(jobFairs.id, fairId));
    for (const url of [
      `/v1/fairs/${fairId}/people`,
      `/v1/fairs/${fairId}/shortlists`,
      `/v1/fairs/${fairId}/exports/booths`,
    ]) {
      const res = await w.inject('organizer', { method: 'GET', url });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('fair_closed');
    }
    const intent = await w.inject('organizer', {
      method: 'POST',
      url: '/v1/intents',
      payload: {
        personId: w.ids.xiangxiRural,
        postId: w.ids.jinanWeldingPost,
        fairId,
        signedOn: daysFromToday(0),
      },
    });
    expect(intent.statusCode).toBe(422);
  });
});
