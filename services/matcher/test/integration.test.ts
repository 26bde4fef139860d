import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { NotFoundError } from '@qihang/shared/errors';
import { databaseKinds, migratedTestDatabase } from '@qihang/shared/testing/databases';
import { UnrecoverableError } from 'bullmq';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbedder, type Embedder } from '../src/embedding/embedder';
import { ownerTexts } from '../src/embedding/owner-texts';
import { storeEmbeddings } from '../src/embedding/store';
import { GOLDEN_TODAY } from '../src/eval/golden/fixtures';
import type { GoldenIds } from '../src/eval/golden/load';
import { type GoldenReport, runGolden } from '../src/eval/golden/run';
import { createMatcher, handleEmbed, handleReindex } from '../src/index';
import { areaContaining, postRegionAncestors, reachOf } from '../src/ranking/location';
import { loadPeople } from '../src/recommend/load';
import { postFiltersFor } from '../src/retrieval/filters';
import { searchPosts } from '../src/retrieval/vector-search';
import { parseVector, textArray } from '../src/sql';

let real: Embedder;
let calls = 0;
/** Counts texts that actually reach the model. */
const counting: Embedder = {
  get model() {
    return real.model;
  },
  get dims() {
    return real.dims;
  },
  embed(texts) {
    calls += texts.length;
    return real.embed(texts);
  },
};

beforeAll(async () => {
  real = await createEmbedder({ modelDir: loadConfig().modelDir });
});

describe.each(databaseKinds)('matcher on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let report: GoldenReport;
  let ids: GoldenIds;
  let matcher: ReturnType<typeof createMatcher>;

  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase(kind));
    report = await runGolden(database, counting);
    ids = report.ids;
    matcher = createMatcher({ database, embedder: counting, today: () => GOLDEN_TODAY });
  });
  afterAll(() => cleanup());

  it('golden set: no pair that breaks a hard rule, every expected ordering, reason and near miss', () => {
    const problems = report.cases.flatMap((c) =>
      [...c.violations, ...c.failures].map((p) => `${c.name}: ${p}`),
    );
    expect(problems).toEqual([]);
    expect(report.violations).toBe(0);
    expect(report.recall10).toBe(1);
  });

  it('golden set through the database alone ranks exactly as through the memory index', async () => {
    const direct = await runGolden(database, counting, { memoryIndex: false, loaded: ids });
    const summary = (r: GoldenReport) =>
      r.cases.map((c) => ({ name: c.name, ranked: c.ranked, failed: c.failures }));
    expect(summary(direct)).toEqual(summary(report));
    expect(direct.violations).toBe(0);
  });

  it('pages without overlap or gaps', async () => {
    const all = await matcher.postsForPerson(ids.person.welderSun!, { limit: 6 });
    const first = await matcher.postsForPerson(ids.person.welderSun!, { limit: 3 });
    const second = await matcher.postsForPerson(ids.person.welderSun!, { limit: 3, offset: 3 });
    expect([...first.items, ...second.items].map((i) => i.postId)).toEqual(all.items.map((i) => i.postId));
    expect(first.nextOffset).toBe(3);
  });

  it('throws NotFoundError for unknown ids', async () => {
    await expect(matcher.postsForPerson('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(matcher.peopleForPost('not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('never embeds unchanged text twice, and re-embeds an edited post', async () => {
    const postId = ids.post.fitterJinan!;
    const before = calls;
    const again = await storeEmbeddings(
      database,
      counting,
      await ownerTexts(database, 'post', Object.values(ids.post)),
    );
    expect(again.embedded).toBe(0);
    expect(calls).toBe(before);

    await database.rows(
      sql`update posts set description = '机械部件装配、调试，会看图纸。' where id = ${postId}`,
    );
    const report = await handleEmbed(
      { database, embedder: counting },
      { ownerType: 'post', ownerId: postId, contentHash: 'x' },
    );
    expect(report.embedded).toBe(1);
    expect(calls).toBe(before + 1);
    const repeat = await handleEmbed(
      { database, embedder: counting },
      { ownerType: 'post', ownerId: postId, contentHash: 'x' },
    );
    expect(repeat.unchanged).toBe(1);
    expect(calls).toBe(before + 1);
  });

  it('drops the vector of an owner that is gone, and refuses bad jobs without retry', async () => {
    const gone = '00000000-0000-4000-8000-000000000001';
    await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      select 'person', ${gone}, model, dims, content_hash, embedding from embeddings where owner_type = 'person' limit 1`);
    const r = await handleEmbed(
      { database, embedder: counting },
      { ownerType: 'person', ownerId: gone, contentHash: 'x' },
    );
    expect(r.deleted).toBe(true);
    const left = await database.rows(sql`select 1 from embeddings where owner_id = ${gone}`);
    expect(left).toHaveLength(0);
    await expect(handleEmbed({ database, embedder: counting }, { ownerType: 'post' })).rejects.toBeInstanceOf(
      UnrecoverableError,
    );
    await expect(
      handleReindex({ database, embedder: counting }, { ownerType: 'post', model: 'other/model' }),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    const reindex = await handleReindex(
      { database, embedder: counting },
      { ownerType: 'post', model: counting.model },
    );
    expect(reindex.embedded).toBe(0);
  });

  it('people.reach_codes, which the SQL filter uses, agrees with the location rule for every person and post', async () => {
    const people = await loadPeople(
      database,
      (await database.rows<{ id: string }>(sql`select id::text as id from people`)).map((r) => r.id),
    );
    const regions = (
      await database.rows<{ code: string }>(sql`select distinct region_code as code from posts`)
    ).map((r) => r.code);
    expect(people.size).toBeGreaterThan(5);
    const disagreements: string[] = [];
    for (const code of regions) {
      const inSql = new Set(
        (
          await database.rows<{ id: string }>(
            sql`select id::text as id from people where reach_codes && ${textArray([...postRegionAncestors(code), '*'])}`,
          )
        ).map((r) => r.id),
      );
      for (const person of people.values()) {
        const rule = areaContaining(reachOf(person), code) !== undefined;
        if (rule !== inSql.has(person.id)) disagreements.push(`${person.id} × ${code}: rule ${rule}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('finds the same posts by exact ranking and by the index walk', async () => {
    const people = await loadPeople(database, Object.values(ids.person));
    let compared = 0;
    for (const person of people.values()) {
      const vector = (
        await database.rows<{ v: string }>(
          sql`select embedding::text as v from embeddings where owner_type = 'person' and owner_id = ${person.id}`,
        )
      )[0]?.v;
      if (!vector) continue;
      const options = {
        vector: parseVector(vector),
        model: counting.model,
        filter: postFiltersFor(person, GOLDEN_TODAY),
        limit: 10,
        efSearch: 100,
      };
      const exact = await searchPosts(database, { ...options, strategy: 'auto' });
      const walked = await searchPosts(database, { ...options, strategy: 'index-first' });
      expect(walked.map((h) => h.id).sort()).toEqual(exact.map((h) => h.id).sort());
      compared += exact.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('people.employer_matching_consent follows the latest consent record, a same-instant withdrawal winning', async () => {
    const mismatched = async () =>
      database.rows(sql`select p.id from people p where p.employer_matching_consent is distinct from coalesce((
        select c.granted from person_consents c where c.person_id = p.id and c.purpose = 'employer_matching'
        order by c.recorded_at desc, c.granted asc limit 1), false)`);
    expect(await mismatched()).toEqual([]);
    const [consenting] = await database.rows<{ id: string }>(
      sql`select id::text as id from people where employer_matching_consent limit 1`,
    );
    expect(consenting).toBeDefined();
    const at = sql`now() + interval '1 day'`;
    await database.rows(sql`insert into person_consents (person_id, purpose, granted, recorded_at) values
      (${consenting!.id}, 'employer_matching', true, ${at}), (${consenting!.id}, 'employer_matching', false, ${at})`);
    const [after] = await database.rows<{ c: boolean }>(
      sql`select employer_matching_consent as c from people where id = ${consenting!.id}`,
    );
    expect(after!.c).toBe(false);
    await database.rows(
      sql`delete from person_consents where person_id = ${consenting!.id} and recorded_at > now()`,
    );
    expect(await mismatched()).toEqual([]);
  });
});
