import type { DatabaseConfig } from '@qihang/shared/config/index';
import { loadConfig } from '@qihang/shared/config/index';
import { type Database, openDatabase } from '@qihang/shared/db/client';
import { loadDemoData } from '@qihang/shared/demo/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { databaseKinds, migratedTestDatabase } from '@qihang/shared/testing/databases';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeWatch, MAX_PEOPLE_NAMED } from '../../src/retrieval/change-watch';

const MODEL = 'test-model';

describe.each(databaseKinds)('change watch on %s', (kind) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let config: DatabaseConfig;
  let personIds: string[];
  let postIds: string[];
  let watch: ChangeWatch;

  beforeAll(async () => {
    ({ database, cleanup, config } = await migratedTestDatabase(kind));
    const settings = loadConfig();
    await loadReferenceData(database.db, settings);
    await loadDemoData(database.db, {
      seed: 3,
      posts: 20,
      people: 20,
      idHashKey: settings.secrets.idHashKey,
    });
    personIds = (await database.rows<{ id: string }>(sql`select id::text as id from people order by id`)).map(
      (r) => r.id,
    );
    postIds = (await database.rows<{ id: string }>(sql`select id::text as id from posts order by id`)).map(
      (r) => r.id,
    );
    watch = new ChangeWatch(database, MODEL);
  });
  afterAll(async () => cleanup());

  it('knows nothing at first, then tells nothing changed when nothing did', async () => {
    expect(await watch.read()).toEqual({ all: true });
    expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });
  });

  it('names the people whose row or vector was written, and says posts changed for a post, its employer or its vector', async () => {
    await database.rows(sql`update people set phone = phone where id = ${personIds[0]}::uuid`);
    await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      values ('person', ${personIds[1]}, ${MODEL}, 512, 'h', array_fill(0.1::real, array[512])::vector)`);
    expect(await watch.read()).toEqual({
      all: false,
      posts: false,
      people: expect.arrayContaining([personIds[0], personIds[1]]),
    });
    expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });

    await database.rows(sql`update posts set status = 'closed' where id = ${postIds[0]}::uuid`);
    expect(await watch.read()).toEqual({ all: false, posts: true, people: [] });
    await database.rows(sql`update employers set name = name || '（新）'
      where id = (select employer_id from posts where id = ${postIds[1]}::uuid)`);
    expect(await watch.read()).toMatchObject({ posts: true });
    await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      values ('post', ${postIds[2]}, ${MODEL}, 512, 'h', array_fill(0.1::real, array[512])::vector)`);
    expect(await watch.read()).toMatchObject({ posts: true });
    // Another model's vectors are not what this process ranks with.
    await database.rows(sql`insert into embeddings (owner_type, owner_id, model, dims, content_hash, embedding)
      values ('post', ${postIds[3]}, 'other-model', 512, 'h', array_fill(0.1::real, array[512])::vector)`);
    expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });
  });

  it('says all when too many people changed at once to name', async () => {
    const extra = MAX_PEOPLE_NAMED + 5 - personIds.length;
    await database.rows(sql`insert into people (source, external_id, origin_region_code, skills, certificates)
      select 'test', 'bulk-' || n, '433101', '{}', '{}' from generate_series(1, ${extra}) n`);
    await database.rows(sql`update people set phone = phone`);
    expect(await watch.read()).toEqual({ all: true });
    expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });
  });

  it('says all after a failed read, as what happened in between cannot be told', async () => {
    let fail = false;
    const flaky: Database = {
      ...database,
      rows: ((query: Parameters<Database['rows']>[0]) =>
        fail ? Promise.reject(new Error('connection lost')) : database.rows(query)) as Database['rows'],
    };
    const recovering = new ChangeWatch(flaky, MODEL);
    expect(await recovering.read()).toEqual({ all: true });
    fail = true;
    await expect(recovering.read()).rejects.toThrow('connection lost');
    fail = false;
    await database.rows(sql`update posts set status = 'open' where id = ${postIds[0]}::uuid`);
    expect(await recovering.read()).toEqual({ all: true });
    expect(await recovering.read()).toEqual({ all: false, posts: false, people: [] });
  });

  it('reads a row copied from a cluster further along as changed at every look, until migrating re-stamps it', async () => {
    // As pg_dump and restore into a new server leave it: the row's writer is ahead of this cluster's counter.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update people set row_xid = (pg_current_xact_id()::text::bigint + 1000000)::text::xid8
        where id = ${personIds[4]}::uuid`);
    });
    await watch.read();
    expect(await watch.read()).toMatchObject({ people: [personIds[4]] });
    expect(await watch.read()).toMatchObject({ people: [personIds[4]] });
    await database.migrate();
    expect(await watch.read()).toMatchObject({ people: [personIds[4]] });
    expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });
  });

  it.runIf(kind === 'postgres')(
    'tells a change committed after its read by a transaction that was running during it',
    async () => {
      const other = await openDatabase(config);
      try {
        await watch.read();
        let release!: () => void;
        const held = new Promise<void>((r) => {
          release = r;
        });
        let started!: () => void;
        const running = new Promise<void>((r) => {
          started = r;
        });
        const writer = other.db.transaction(async (tx) => {
          await tx.execute(sql`update people set phone = phone where id = ${personIds[2]}::uuid`);
          started();
          await held;
        });
        await running;
        // The write is in progress, not committed: not seen yet…
        expect(await watch.read()).toEqual({ all: false, posts: false, people: [] });
        release();
        await writer;
        // …and seen by the next read, though its transaction began before the last mark.
        expect(await watch.read()).toEqual({ all: false, posts: false, people: [personIds[2]] });
      } finally {
        await other.close();
      }
    },
  );
});
