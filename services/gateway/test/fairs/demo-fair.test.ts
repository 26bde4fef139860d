import { loadDemoData } from '@qihang/shared/demo/index';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedFair, buildWorld, type World } from '../fixtures';

/** The "done when", over the demo data: fair → shortlists → exports → intent → placement → rate. */
describe('a fair built from the demo data', () => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld();
    await world.database.db.transaction((tx) =>
      loadDemoData(tx, {
        seed: 6,
        people: 400,
        posts: 200,
        idHashKey: 'test-id-hash-key-that-is-long-enough',
      }),
    );
  });
  afterAll(async () => world?.cleanup());

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    world.inject('organizer', { method, url, ...(payload ? { payload } : {}) });

  it('runs end to end through the API and moves the placement rate', async () => {
    const [facility] = await world.database.rows<{ id: string }>(sql`
      select facility_id as id from people where facility_id is not null and status = 'active'
      group by 1 order by count(*) desc limit 1`);
    const fairPosts = await world.database.rows<{ id: string }>(sql`
      select p.id from posts p join employers e on e.id = p.employer_id
      where p.status = 'open' and p.filled_count < p.headcount order by e.fair_chance desc, p.id limit 60`);
    // The facility is the fair's partner: its consenting people may come although they live elsewhere.
    const fairId = await approvedFair(world, { partnerFacilityIds: [facility!.id] });
    await call('POST', `/v1/fairs/${fairId}/posts`, { postIds: fairPosts.map((p) => p.id) });
    const invited = await call('POST', `/v1/fairs/${fairId}/participants`, {
      rule: { facilityId: facility!.id, availableWithinDays: 366 },
    });
    expect(invited.json().invited).toBeGreaterThan(0);

    const summary = (await call('POST', `/v1/fairs/${fairId}/shortlists`, {})).json();
    expect(summary.covered).toBeGreaterThan(0);
    expect(summary.covered).toBeGreaterThanOrEqual(summary.naive.covered);
    expect(summary.uncovered.every((u: { reason: string }) => u.reason === 'no_feasible_post')).toBe(true);
    const exported = await call('GET', `/v1/fairs/${fairId}/exports/employers`);
    expect(exported.statusCode).toBe(200);

    const items = (await call('GET', `/v1/fairs/${fairId}/shortlists`)).json().items;
    const first = items[0];
    const intent = await call('POST', '/v1/intents', {
      personId: first.personId,
      postId: first.postId,
      fairId,
      signedOn: '2026-12-01',
    });
    expect(intent.statusCode).toBe(201);
    const rate = async () =>
      (
        await world.inject('admin', {
          method: 'GET',
          url: '/v1/reports/placement-rate?by=facility&asOf=2026-12-31',
        })
      )
        .json()
        .items.find((r: { key: string }) => r.key === facility!.id).placed as number;
    const before = await rate();
    const placed = await world.inject('admin', {
      method: 'POST',
      url: '/v1/placements',
      payload: {
        personId: first.personId,
        postId: first.postId,
        type: 'concentrated',
        startDate: '2026-12-15',
      },
    });
    expect(placed.statusCode).toBe(201);
    expect(await rate()).toBe(before + 1);
  });
});
