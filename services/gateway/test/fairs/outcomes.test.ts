import { posts } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedFair, buildWorld, codes, type World } from '../fixtures';

describe('intents, placements and the placement rate', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
  });
  afterAll(async () => world?.cleanup());

  it('records an intent and a placement; the placement fills the post and moves the rate', async () => {
    const { ids, database } = world;
    const rate = async () =>
      (
        await world.inject('bureau', {
          method: 'GET',
          url: '/v1/reports/placement-rate?level=county&asOf=2026-12-31',
        })
      ).json().items as { key: string; placed: number; registered: number; rate: number; target: number }[];
    const before = await rate();
    const luxi = () => before.find((r) => r.key === codes.luxi);
    expect(luxi()).toMatchObject({ registered: 1, placed: 0, target: 0.5 });

    const fairId = await approvedFair(world);
    await world.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/posts`,
      payload: { postIds: [ids.jinanWeldingPost] },
    });
    await world.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/participants`,
      payload: { personIds: [ids.xiangxiRehab] },
    });
    const intent = await world.inject('organizer', {
      method: 'POST',
      url: '/v1/intents',
      payload: { personId: ids.xiangxiRehab, postId: ids.jinanWeldingPost, fairId, signedOn: '2026-12-01' },
    });
    expect(intent.statusCode).toBe(201);

    await database.db.update(posts).set({ headcount: 1 }).where(eq(posts.id, ids.jinanWeldingPost));
    const placed = await world.inject('facility', {
      method: 'POST',
      url: '/v1/placements',
      payload: {
        personId: ids.xiangxiRehab,
        postId: ids.jinanWeldingPost,
        type: 'concentrated',
        startDate: '2026-12-10',
      },
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ regionCode: codes.luxi, employerId: ids.fairEmployer });
    const [post] = await database.db.select().from(posts).where(eq(posts.id, ids.jinanWeldingPost));
    expect(post!.filledCount).toBe(1);

    const again = await world.inject('admin', {
      method: 'POST',
      url: '/v1/placements',
      payload: {
        personId: ids.xiangxiRural,
        postId: ids.jinanWeldingPost,
        type: 'dispersed',
        startDate: '2026-12-11',
      },
    });
    expect(again.statusCode).toBe(409);

    const check = await world.inject('facility', {
      method: 'POST',
      url: `/v1/placements/${placed.json().id}/retention-checks`,
      payload: { months: 3, stillEmployed: true },
    });
    expect(check.statusCode).toBe(200);

    const after = (await rate()).find((r) => r.key === codes.luxi);
    expect(after).toMatchObject({ registered: 1, placed: 1, rate: 1 });
    // Reproducible: as of the day before the start date, nothing was placed yet.
    const past = await world.inject('bureau', {
      method: 'GET',
      url: '/v1/reports/placement-rate?level=county&asOf=2026-12-09',
    });
    expect(past.json().items.find((r: { key: string }) => r.key === codes.luxi).placed).toBe(0);
  });

  it('reproduces the weekly dispatch report for a past week, as JSON, XLSX and a page', async () => {
    const json = await world.inject('bureau', { method: 'GET', url: '/v1/reports/weekly?week=2026-12-10' });
    expect(json.statusCode).toBe(200);
    const report = json.json();
    expect(report).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    const xiangxi = report.items.find((r: { regionCode: string }) => r.regionCode === codes.xiangxi);
    expect(xiangxi).toMatchObject({ placements: 1, intents: 0, target: 0.5 });
    const earlier = await world.inject('bureau', {
      method: 'GET',
      url: '/v1/reports/weekly?week=2026-11-30',
    });
    expect(
      earlier.json().items.find((r: { regionCode: string }) => r.regionCode === codes.xiangxi),
    ).toMatchObject({
      intents: 1,
      placements: 0,
    });
    const page = await world.inject('bureau', {
      method: 'GET',
      url: '/v1/reports/weekly?week=2026-12-10&format=html',
    });
    expect(page.body).toContain('每周调度通报（2026-12-07 至 2026-12-13）');
    const xlsx = await world.inject('admin', {
      method: 'GET',
      url: '/v1/reports/weekly?week=2026-12-10&format=xlsx',
    });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
