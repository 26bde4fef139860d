import { employers, posts } from '@qihang/shared/db/schema/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { employersRepo } from '../../src/posts/employers';
import { postsRepo } from '../../src/posts/repo';

/** On PostgreSQL a post can be created while the bureau closes its employer, on two connections. */
describe('closing an employer while one of its posts is being created', () => {
  let t: Awaited<ReturnType<typeof migratedTestDatabase>>;
  let employerId: string;
  beforeAll(async () => {
    t = await migratedTestDatabase('postgres');
    await loadReferenceData(t.database.db, { occupationsFile: undefined });
    const [e] = await t.database.db
      .insert(employers)
      .values({ name: '济南鲁运物流有限公司', regionCode: '370102' })
      .returning({ id: employers.id });
    employerId = e!.id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('leaves no open post behind: the close waits for the new post and closes it too', async () => {
    const { db } = t.database;
    let created!: () => void;
    const insertedNotCommitted = new Promise<void>((r) => {
      created = r;
    });
    let commit!: () => void;
    const mayCommit = new Promise<void>((r) => {
      commit = r;
    });
    // The post's transaction checks the employer and inserts, then waits before committing.
    const creating = db.transaction(async (tx) => {
      await employersRepo(tx).assertRecruiting(employerId, 'body.employerId', tx);
      const id = await postsRepo(tx).create(
        { employerId, title: '叉车司机', headcount: 1, regionCode: '370102' } as never,
        tx,
      );
      created();
      await mayCommit;
      return id;
    });
    await insertedNotCommitted;
    const closing = db.transaction((tx) => employersRepo(tx).close(employerId, undefined, tx));
    // The close cannot get past the employer row while the post's transaction holds it.
    await new Promise((r) => setTimeout(r, 300));
    commit();
    const postId = await creating;
    expect(await closing).toBe(1);
    const [post] = await db.select({ status: posts.status }).from(posts).where(eq(posts.id, postId));
    expect(post!.status).toBe('closed');
  });
});
