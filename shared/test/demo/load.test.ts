import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { DemoAlreadyLoadedError, generateDemo, loadDemoData } from '../../src/demo';
import { loadReferenceData } from '../../src/reference';
import { databaseKinds, migratedTestDatabase } from '../../src/testing/databases';

const KEY = 'test-id-hash-key-that-is-long-enough';
const options = { seed: 7, people: 200, posts: 100, idHashKey: KEY };

describe.each(databaseKinds)('loadDemoData on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;

  const count = async (query: ReturnType<typeof sql>): Promise<number> => {
    const [row] = await database.rows<{ n: number | string }>(query);
    return Number(row?.n ?? -1);
  };

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase(kind));
    await loadReferenceData(database.db, { occupationsFile: undefined });
  });
  afterAll(async () => {
    await cleanup?.();
  });

  it('loads the counts asked for, in one transaction', async () => {
    const summary = await database.db.transaction((tx) => loadDemoData(tx, { ...options, batchSize: 64 }));
    const demo = generateDemo(options);
    expect(summary).toMatchObject({
      people: 200,
      posts: 100,
      postSources: 100,
      personSources: 200,
      employers: demo.employers.length,
      facilities: demo.facilities.length,
      trainingCourses: demo.trainingCourses.length,
      consents: demo.people.reduce((n, p) => n + p.consents.length, 0),
    });
    expect(await count(sql`select count(*) as n from people where source = 'demo'`)).toBe(200);
    expect(await count(sql`select count(*) as n from posts`)).toBe(100);
    expect(await count(sql`select count(*) as n from post_sources where source = 'demo'`)).toBe(100);
    expect(await count(sql`select count(*) as n from person_sources where source = 'demo'`)).toBe(200);
    expect(await count(sql`select count(*) as n from employers`)).toBe(demo.employers.length);
    expect(await count(sql`select count(*) as n from person_consents`)).toBe(summary.consents);
  });

  it('stores rows exactly as generated, arrays, dates and hashes included', async () => {
    const demo = generateDemo(options);
    const person = demo.people[3]?.row;
    const [stored] = await database.rows<Record<string, unknown>>(
      sql`select id, skills, certificates, acceptable_region_codes, available_from::text as available_from,
                 id_number_hash, created_at from people where id = ${person?.id}`,
    );
    expect(stored).toMatchObject({
      id: person?.id,
      skills: person?.skills,
      certificates: person?.certificates,
      acceptable_region_codes: person?.acceptableRegionCodes,
      available_from: person?.availableFrom,
      id_number_hash: person?.idNumberHash,
    });
    expect(new Date(stored?.created_at as string).getTime()).toBe(person?.createdAt?.getTime());
    const post = demo.posts[5]?.row;
    const [storedPost] = await database.rows<Record<string, unknown>>(
      sql`select required_certificates, pay_text, content_hash from posts where id = ${post?.id}`,
    );
    expect(storedPost).toEqual({
      required_certificates: post?.requiredCertificates,
      pay_text: post?.payText,
      content_hash: post?.contentHash,
    });
  });

  it('leaves every reference valid', async () => {
    const dangling = [
      sql`select count(*) as n from people p left join regions r on r.code = p.origin_region_code where r.code is null`,
      sql`select count(*) as n from people p where p.facility_id is not null and not exists (select 1 from facilities f where f.id = p.facility_id)`,
      sql`select count(*) as n from posts p left join occupations o on o.code = p.occupation_code where o.code is null`,
      sql`select count(*) as n from posts p left join employers e on e.id = p.employer_id where e.id is null`,
      sql`select count(*) as n from post_sources s left join posts p on p.id = s.post_id where p.id is null`,
      sql`select count(*) as n from person_consents c left join people p on p.id = c.person_id where p.id is null`,
      sql`select count(*) as n from person_sources s left join people p on p.id = s.person_id where p.id is null`,
      sql`select count(*) as n from training_courses c left join occupations o on o.code = c.occupation_code where o.code is null`,
      sql`select count(*) as n from people p, unnest(p.acceptable_region_codes) a(code) where not exists (select 1 from regions r where r.code = a.code)`,
    ];
    for (const query of dangling) expect(await count(query)).toBe(0);
  });

  it('refuses to load the same seed twice, and shares facilities and courses with another seed', async () => {
    await expect(database.db.transaction((tx) => loadDemoData(tx, options))).rejects.toBeInstanceOf(
      DemoAlreadyLoadedError,
    );
    const facilitiesBefore = await count(sql`select count(*) as n from facilities`);
    const coursesBefore = await count(sql`select count(*) as n from training_courses`);
    await database.db.transaction((tx) => loadDemoData(tx, { ...options, seed: 8, people: 30, posts: 20 }));
    expect(await count(sql`select count(*) as n from people`)).toBe(230);
    expect(await count(sql`select count(*) as n from facilities`)).toBe(facilitiesBefore);
    expect(await count(sql`select count(*) as n from training_courses`)).toBe(coursesBefore);
  });
});
