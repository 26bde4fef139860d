import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client';
import { posts } from '../../src/db/schema';
import { loadDemoData } from '../../src/demo';
import { postContentHash } from '../../src/domain/post-content';
import { loadReferenceData } from '../../src/reference';
import { migratedTestDatabase } from '../../src/testing/databases';

describe("a post's content hash", () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ database, cleanup } = await migratedTestDatabase('pglite'));
    await loadReferenceData(database.db, { occupationsFile: undefined });
    await loadDemoData(database.db, { seed: 3, people: 5, posts: 20, idHashKey: 'k'.repeat(32) });
  });
  afterAll(() => cleanup?.());

  it('is the same for a post as generated and as stored, so an unchanged edit is no new version', async () => {
    const stored = await database.db.select().from(posts);
    expect(stored).toHaveLength(20);
    for (const row of stored) expect(postContentHash(row)).toBe(row.contentHash);
  });

  it('changes with anything a portal or the matcher reads', async () => {
    const [row] = await database.db.select().from(posts).limit(1);
    expect(postContentHash({ ...row!, filledCount: row!.filledCount + 1 })).not.toBe(row!.contentHash);
    const touched = { ...row!, updatedAt: new Date(0) };
    expect(postContentHash(touched)).toBe(row!.contentHash);
  });
});
