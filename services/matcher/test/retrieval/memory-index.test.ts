import type { DatabaseConfig } from '@qihang/shared/config/index';
import { loadConfig } from '@qihang/shared/config/index';
import { type Database, openDatabase } from '@qihang/shared/db/client';
import { DEFAULT_REFERENCE_DATE, loadDemoData } from '@qihang/shared/demo/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { databaseKinds, migratedTestDatabase } from '@qihang/shared/testing/databases';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPeople, loadPosts } from '../../src/recommend/load';
import { type Filter, type PostRow, personFiltersFor, postFiltersFor } from '../../src/retrieval/filters';
import { MemoryIndex, personSide, postSide } from '../../src/retrieval/memory-index';
import { searchPeople, searchPosts } from '../../src/retrieval/vector-search';
import { parseVector } from '../../src/sql';

const MODEL = 'test-model';
const DIMS = 512;
const today = DEFAULT_REFERENCE_DATE;

/** A random unit-ish vector per owner, written straight into the embeddings table. */
async function randomVectors(database: Database, ownerType: 'post' | 'person') {
  const table = ownerType === 'post' ? sql`posts` : sql`people`;
  await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
    select ${ownerType}, o.id::text, ${MODEL}, ${DIMS}, 'h',
      (select array_agg(random() - 0.5)::vector from generate_series(1, ${DIMS}) where o.id is not null)
    from ${table} o`);
}

const vectorOf = async (database: Database, ownerType: string, id: string) =>
  parseVector(
    (
      await database.rows<{ v: string }>(
        sql`select embedding::text as v from embeddings where owner_type = ${ownerType} and owner_id = ${id}`,
      )
    )[0]!.v,
  );

describe.each(databaseKinds)('memory index on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let config: DatabaseConfig;
  let personIds: string[];
  let postIds: string[];

  beforeAll(async () => {
    const made = await migratedTestDatabase(kind);
    ({ database, cleanup, config } = made);
    const settings = loadConfig();
    await loadReferenceData(database.db, settings);
    await loadDemoData(database.db, {
      seed: 7,
      posts: 300,
      people: 300,
      idHashKey: settings.secrets.idHashKey,
    });
    // The demo's posts and people, pushed into the corners the filters have to get right.
    await database.rows(sql`update posts set status = 'closed' where right(id::text, 1) = '0'`);
    await database.rows(sql`update posts set filled_count = headcount where right(id::text, 1) = '1'`);
    await database.rows(sql`update posts set valid_to = '2020-01-01' where right(id::text, 1) = '2'`);
    await database.rows(sql`update posts set age_max = null, age_max_male = 40, age_max_female = null
      where right(id::text, 1) = '3'`);
    await database.rows(sql`update posts set age_min = 30, age_max_female = 35, min_education = 'senior'
      where right(id::text, 1) = '4'`);
    await database.rows(
      sql`update employers set fair_chance = not fair_chance where right(id::text, 1) in ('5', '6')`,
    );
    await database.rows(sql`update people set birth_year = null where right(id::text, 1) = '0'`);
    await database.rows(
      sql`update people set gender = null, education = null where right(id::text, 1) = '1'`,
    );
    await database.rows(
      sql`update people set employer_matching_consent = false where right(id::text, 1) = '2'`,
    );
    await database.rows(sql`update people set status = 'placed' where right(id::text, 1) = '3'`);
    await randomVectors(database, 'post');
    await randomVectors(database, 'person');
    const ids = async (table: 'posts' | 'people') =>
      (
        await database.rows<{ id: string }>(sql`select id::text as id from ${sql.raw(table)} order by id`)
      ).map((r) => r.id);
    personIds = await ids('people');
    postIds = await ids('posts');
  }, 120_000);
  afterAll(() => cleanup());

  /** A person with at least `n` posts they pass, and a reach narrower than anywhere. */
  const withEligiblePosts = async (posts: MemoryIndex<PostRow>, n: number) => {
    for (const person of (await loadPeople(database, personIds)).values()) {
      const filter = postFiltersFor(person, today);
      if (!filter.keyTest) continue;
      if ((await posts.search(new Float32Array(DIMS).fill(1), filter, 1, 10_000))!.eligible >= n)
        return person;
    }
    throw new Error(`no person with ${n} eligible posts`);
  };

  it('the in-memory form of every filter selects exactly the rows its SQL selects', async () => {
    const rowsOf = async <Row>(side: typeof postSide | typeof personSide) =>
      (await database.rows<Record<string, unknown>>(side.rows(MODEL))).map((raw) => ({
        id: String(raw.id),
        row: side.toRow(raw) as Row | null,
      }));
    const postRows = await rowsOf<Parameters<typeof postSide.toRow>[0] & object>(postSide);
    const personRows = await rowsOf<object>(personSide);
    const agree = async <Row>(
      filter: Filter<Row>,
      rows: { id: string; row: Row | null }[],
      table: string,
    ) => {
      const join = table === 'posts' ? sql`join employers em on em.id = p.employer_id` : sql``;
      const bySql = (
        await database.rows<{ id: string }>(
          sql`select p.id::text as id from ${sql.raw(table)} p ${join} where ${filter.sql} order by p.id`,
        )
      ).map((r) => r.id);
      const inMemory = rows.filter((r) => r.row !== null && filter.test(r.row)).map((r) => r.id);
      expect(inMemory.sort()).toEqual(bySql);
      // The index's own path: rows under the keys keyTest allows, then the rest of the conditions.
      const side = (table === 'posts' ? postSide : personSide) as unknown as {
        keysOf: (row: Row) => string[];
      };
      const { keyTest, restTest } = filter;
      if (keyTest && restTest) {
        const keyed = rows.filter(
          (r) => r.row !== null && side.keysOf(r.row).some(keyTest) && restTest(r.row),
        );
        expect(keyed.map((r) => r.id).sort()).toEqual(bySql);
      }
      return bySql.length;
    };
    const people = await loadPeople(database, personIds.slice(0, 150));
    let passed = 0;
    for (const person of people.values()) {
      passed += await agree(postFiltersFor(person, today), postRows as never, 'posts');
      await agree(postFiltersFor(person, today, { ignoreItems: true }), postRows as never, 'posts');
    }
    const posts = await loadPosts(database, postIds.slice(0, 150));
    for (const post of posts.values())
      passed += await agree(personFiltersFor(post, today), personRows as never, 'people');
    // Not a comparison of two empty sets: some pairs pass, most do not.
    const pairs = people.size * postIds.length + posts.size * personIds.length;
    expect(passed).toBeGreaterThan(pairs * 0.01);
    expect(passed).toBeLessThan(pairs * 0.9);
  });

  it('ranks the eligible rows as the database ranks them', async () => {
    const posts = new MemoryIndex(database, postSide, MODEL, DIMS);
    const people = new MemoryIndex(database, personSide, MODEL, DIMS);
    await Promise.all([posts.warm(), people.warm()]);
    expect(posts.ready && people.ready).toBe(true);
    const persons = await loadPeople(database, personIds.slice(0, 40));
    let compared = 0;
    for (const person of persons.values()) {
      const options = {
        vector: await vectorOf(database, 'person', person.id),
        model: MODEL,
        filter: postFiltersFor(person, today),
        limit: 10,
        efSearch: 100,
      };
      const fromMemory = await searchPosts(database, { ...options, memory: posts });
      const fromDatabase = await searchPosts(database, options);
      expect(fromMemory.map((h) => h.id)).toEqual(fromDatabase.map((h) => h.id));
      for (const [i, hit] of fromMemory.entries())
        expect(hit.similarity).toBeCloseTo(fromDatabase[i]!.similarity, 5);
      compared += fromMemory.length;
    }
    for (const post of (await loadPosts(database, postIds.slice(0, 40))).values()) {
      const options = {
        vector: await vectorOf(database, 'post', post.id),
        model: MODEL,
        filter: personFiltersFor(post, today),
        limit: 10,
        efSearch: 100,
      };
      const fromMemory = await searchPeople(database, { ...options, memory: people });
      const fromDatabase = await searchPeople(database, options);
      expect(fromMemory.map((h) => h.id)).toEqual(fromDatabase.map((h) => h.id));
      compared += fromMemory.length;
    }
    expect(compared).toBeGreaterThan(100);
    posts.close();
    people.close();
  });

  it('sees every change committed before a search: closed, new, re-embedded, employer and consent', async () => {
    const posts = new MemoryIndex(database, postSide, MODEL, DIMS);
    const people = new MemoryIndex(database, personSide, MODEL, DIMS);
    await Promise.all([posts.warm(), people.warm()]);
    const person = await withEligiblePosts(posts, 3);
    const vector = await vectorOf(database, 'person', person.id);
    const filter = postFiltersFor(person, today);
    const top = async () => (await posts.search(vector, filter, 5, 10_000))!.hits!.map((h) => h.id);

    const [first] = await top();
    expect(first).toBeDefined();
    await database.rows(sql`update posts set status = 'closed' where id = ${first!}`);
    expect(await top()).not.toContain(first);

    // A post moved out of the person's reach leaves; moved back, it returns.
    const [moved] = await top();
    const [away] = await database.rows<{ code: string; was: string }>(sql`select r.code, p.region_code as was
      from regions r, posts p where p.id = ${moved!} and r.level = 3 and left(r.code, 2) <> left(p.region_code, 2)
      order by r.code limit 1`);
    expect(filter.keyTest!(away!.code)).toBe(false);
    await database.rows(sql`update posts set region_code = ${away!.code} where id = ${moved!}`);
    expect(await top()).not.toContain(moved);
    await database.rows(sql`update posts set region_code = ${away!.was} where id = ${moved!}`);
    expect(await top()).toContain(moved);

    // A post the person passes, re-embedded with the person's own vector, comes first.
    const [second] = await top();
    await database.rows(sql`update embeddings set embedding = ${`[${[...vector].join(',')}]`}::vector
      where owner_type = 'post' and owner_id = ${second!}`);
    const [now] = (await posts.search(vector, filter, 1, 10_000))!.hits!;
    expect(now).toMatchObject({ id: second });
    expect(now!.similarity).toBeCloseTo(1, 5);

    // A new post, copied from that one, joins; its employer turning away from fair-chance hiring removes
    // both from a search that requires it.
    const [copy] = await database.rows<{ id: string }>(sql`insert into posts (employer_id, title, region_code,
        occupation_code, headcount, status, content_hash, required_certificates, required_skills, valid_to)
      select employer_id, title || '（二）', region_code, occupation_code, 3, 'open', 'copy', required_certificates,
        required_skills, valid_to from posts where id = ${second!} returning id::text as id`);
    await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      select 'post', ${copy!.id}, model, dims, 'copy', embedding from embeddings
      where owner_type = 'post' and owner_id = ${second!}`);
    expect((await top()).slice(0, 2).sort()).toEqual([second, copy!.id].sort());
    const fairChance = (row: Parameters<typeof filter.test>[0]) => row.fairChance && filter.test(row);
    const employer = (
      await database.rows<{ id: string; fair: boolean }>(sql`select em.id::text as id, em.fair_chance as fair
        from posts p join employers em on em.id = p.employer_id where p.id = ${second!}`)
    )[0]!;
    await database.rows(sql`update employers set fair_chance = true where id = ${employer.id}`);
    expect(
      (await posts.search(vector, { test: fairChance }, 2, 10_000))!.hits!.map((h) => h.id).sort(),
    ).toEqual([second, copy!.id].sort());
    await database.rows(sql`update employers set fair_chance = false where id = ${employer.id}`);
    const left = (await posts.search(vector, { test: fairChance }, 10, 10_000))!.hits!.map((h) => h.id);
    expect(left).not.toContain(second);
    expect(left).not.toContain(copy!.id);
    await database.rows(sql`update employers set fair_chance = ${employer.fair} where id = ${employer.id}`);

    // A person who withdraws consent leaves the employer's side at once.
    const candidate = (await people.search(vector, { test: () => true }, 1, 10_000))!.hits![0]!;
    await database.rows(sql`update people set employer_matching_consent = false where id = ${candidate.id}`);
    expect(
      (await people.search(vector, { test: () => true }, 5, 10_000))!.hits!.map((h) => h.id),
    ).not.toContain(candidate.id);
    await database.rows(sql`update people set employer_matching_consent = true where id = ${candidate.id}`);
    expect((await people.search(vector, { test: () => true }, 1, 10_000))!.hits![0]!.id).toBe(candidate.id);
    posts.close();
    people.close();
  });

  it.runIf(kind === 'postgres')(
    'sees a write committed after a search that ran while its transaction was open',
    async () => {
      const posts = new MemoryIndex(database, postSide, MODEL, DIMS);
      await posts.warm();
      const person = await withEligiblePosts(posts, 1);
      const vector = await vectorOf(database, 'person', person.id);
      const filter = postFiltersFor(person, today);
      const top = async () => (await posts.search(vector, filter, 3, 10_000))!.hits!.map((h) => h.id);
      const [first] = await top();
      const other = await openDatabase(config);
      try {
        await other.db.transaction(async (tx) => {
          await tx.execute(sql`update posts set status = 'closed' where id = ${first!}`);
          // A later transaction commits first, so the next read's snapshot lists this one as in progress
          // below its horizon: only the list, not the horizon, tells the index to look at it again.
          await database.rows(
            sql`update employers set updated_at = now() where id = (select id from employers limit 1)`,
          );
          // The index reads while this transaction is open (it cannot see the write yet)…
          expect(await top()).toContain(first);
        });
        // …and still catches it once committed, although the transaction began before that read.
        expect(await top()).not.toContain(first);
      } finally {
        await other.close();
      }
      posts.close();
    },
  );
});
