import { writeDemoLists } from '@qihang/shared/demo/index';
import { databaseKinds } from '@qihang/shared/testing/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/index';
import { ingestTestDatabase, TEST_ID_HASH_KEY } from './helpers/db';
import { tmpDir } from './helpers/fixtures';

const dir = tmpDir();
let files: { peopleFile: string; postsFile: string };

beforeAll(async () => {
  files = await writeDemoLists(
    { seed: 3, people: 150, posts: 150, idHashKey: TEST_ID_HASH_KEY } as Parameters<typeof writeDemoLists>[0],
    { dir, format: 'xlsx' },
  );
});

describe.each(databaseKinds)('the demo lists end to end on %s', (kind) => {
  let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
  beforeAll(async () => {
    t = await ingestTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it.each(['posts', 'people'] as const)(
    'ingests the %s list as bureaus write it, and a re-upload changes nothing',
    async (list) => {
      const path = list === 'posts' ? files.postsFile : files.peopleFile;
      const first = await ingestFile(t.deps, { kind: list, source: 'demo', filename: 'list.xlsx', path });
      expect(first.status).toBe('done');
      expect(first.unmappedColumns).toEqual(['序号']);
      // The demo writes messy but mostly valid values; what is rejected carries a reason.
      expect(first.accepted).toBeGreaterThan(140);
      expect(first.rejectedRows.every((r) => r.errors.length > 0 && r.errors.every((e) => e.reason))).toBe(
        true,
      );
      const again = await ingestFile(t.deps, { kind: list, source: 'demo', filename: 'list.xlsx', path });
      expect(again).toMatchObject({
        accepted: 0,
        updated: 0,
        unchanged: first.accepted,
        rejected: first.rejected,
      });
    },
  );
});
