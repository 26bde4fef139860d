import { fairParticipants, fairShortlists, personSources } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedFair, buildWorld, type World } from '../fixtures';

/** Consent and erasure reach what was already generated, not only what is generated next. */
describe('withdrawal and erasure after shortlists exist', () => {
  let world: World;
  let fairId: string;

  beforeAll(async () => {
    world = await buildWorld();
    const post = (url: string, payload: object) =>
      world.inject('organizer', { method: 'POST', url, payload });
    fairId = await approvedFair(world);
    await post(`/v1/fairs/${fairId}/posts`, {
      postIds: [world.ids.jinanWeldingPost, world.ids.jinanPlainPost],
    });
    await post(`/v1/fairs/${fairId}/participants`, {
      personIds: [world.ids.xiangxiRural, world.ids.xiangxiRehab],
    });
    await post(`/v1/fairs/${fairId}/shortlists`, {});
  });
  afterAll(async () => world?.cleanup());

  const shortlisted = async (personId: string) =>
    (await world.database.db.select().from(fairShortlists).where(eq(fairShortlists.personId, personId)))
      .length;

  it('takes a person off stored shortlists the moment consent is withdrawn', async () => {
    const id = world.ids.xiangxiRural;
    expect(await shortlisted(id)).toBeGreaterThan(0);
    const res = await world.inject('facility', {
      method: 'DELETE',
      url: `/v1/people/${world.ids.xiangxiRehab}/consents/employer_matching`,
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(await shortlisted(world.ids.xiangxiRehab)).toBe(0);
    expect(await shortlisted(id)).toBeGreaterThan(0);
  });

  it('erasure removes the person from fairs and drops their sources, so nothing points back to them', async () => {
    const id = world.ids.xiangxiRural;
    await world.database.db
      .insert(personSources)
      .values({ personId: id, source: 'bureau-433100', externalId: 'id-0f3a', contentHash: 'h' });
    expect(await shortlisted(id)).toBeGreaterThan(0);
    const res = await world.inject('bureau', { method: 'POST', url: `/v1/people/${id}/erase` });
    expect(res.statusCode).toBe(200);
    expect(await shortlisted(id)).toBe(0);
    const invited = await world.database.db
      .select()
      .from(fairParticipants)
      .where(eq(fairParticipants.personId, id));
    expect(invited).toHaveLength(0);
    const sources = await world.database.db
      .select()
      .from(personSources)
      .where(eq(personSources.personId, id));
    expect(sources).toHaveLength(0);
  });

  it('an organizer cannot invite, and so cannot read, a person who has not consented', async () => {
    const stranger = world.ids.liuchengPerson;
    const byId = await world.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/participants`,
      payload: { personIds: [stranger] },
    });
    expect(byId.statusCode).toBe(422);
    const byRule = await world.inject('organizer', {
      method: 'POST',
      url: `/v1/fairs/${fairId}/participants`,
      payload: { rule: { facilityId: world.ids.liuchengStation, availableWithinDays: 366 } },
    });
    // 柳城's station is neither a partner of this 湘西 fair nor in its region.
    expect(byRule.statusCode).toBe(422);
    expect(byRule.json().details[0].path).toBe('body.rule.facilityId');
    // Organizers read no person records at all: only the organizer view of their open fair.
    const read = await world.inject('organizer', { method: 'GET', url: `/v1/people/${stranger}` });
    expect(read.statusCode).toBe(403);
  });
});
