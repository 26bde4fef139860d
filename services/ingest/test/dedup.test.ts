import { outbox, people, personSources, postSources, posts } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../src/index';
import { ingestTestDatabase } from './helpers/db';
import { idNumber } from './helpers/fixtures';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

const welder = {
  企业名称: '山东鲁焊机械有限公司',
  岗位名称: '电焊工',
  工作地点: '济南市历下区',
  招聘人数: 5,
  薪资: '5000-7000元/月',
  岗位描述: '负责车间钢结构焊接，长白班，包吃住，有焊工证优先。',
};

describe('cross-source dedup', () => {
  it('makes the same post from two portals one post with two sources', async () => {
    const a = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal-a',
      records: [{ 岗位编号: 'A-1', ...welder }],
    });
    // Portal B: its own id, traditional characters and punctuation drift in the same description.
    const b = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal-b',
      records: [
        {
          ...welder,
          externalId: 'b-77',
          岗位名称: '電焊工',
          岗位描述: '負責車間鋼結構焊接，長白班，包吃住，有焊工證優先！',
        },
      ],
    });
    expect(a.accepted).toBe(1);
    expect(b).toMatchObject({ accepted: 1, merged: 1 });
    expect(await t.database.db.select().from(posts)).toHaveLength(1);
    const sources = await t.database.db.select().from(postSources);
    expect(sources.map((s) => `${s.source}/${s.externalId}`).sort()).toEqual([
      'portal-a/A-1',
      'portal-b/b-77',
    ]);
  });

  it('keeps a different post of the same employer and title apart', async () => {
    const r = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal-b',
      records: [{ ...welder, externalId: 'b-78', 岗位描述: '夜班，负责管道氩弧焊，需两年经验。' }],
    });
    expect(r).toMatchObject({ accepted: 1, merged: 0 });
    expect(await t.database.db.select().from(posts)).toHaveLength(2);
  });

  it('updates a changed post, bumping its version and queueing an embed', async () => {
    const before = await t.database.db.select().from(posts);
    const r = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal-a',
      records: [{ 岗位编号: 'A-1', ...welder, 招聘人数: 8 }],
    });
    expect(r).toMatchObject({ updated: 1, accepted: 0 });
    const [src] = await t.database.db.select().from(postSources).where(eq(postSources.externalId, 'A-1'));
    const [post] = await t.database.db.select().from(posts).where(eq(posts.id, src!.postId));
    const old = before.find((p) => p.id === post!.id)!;
    expect(post).toMatchObject({ headcount: 8, version: old.version + 1 });
    const jobs = await t.database.db
      .select()
      .from(outbox)
      .where(eq(outbox.jobId, `embed-post-${post!.id}-${post!.contentHash.slice(0, 16)}`));
    expect(jobs).toHaveLength(1);
  });

  it('identifies a person by the ID-number hash across sources, never by name', async () => {
    const id = idNumber('433122', '19850304', 11);
    const base = { 姓名: '张三', 户籍地: '湘西州泸溪县' };
    await ingestRecords(t.deps, {
      kind: 'people',
      source: 'facility',
      records: [{ ...base, 人员编号: 'F-1', 身份证号: id, 技能: '电焊' }],
    });
    const b = await ingestRecords(t.deps, {
      kind: 'people',
      source: 'bureau',
      records: [
        { ...base, 人员编号: 'B-9', 身份证号: id.toLowerCase(), 证书: '叉车证' },
        // Same name, different person.
        { ...base, 人员编号: 'B-10', 身份证号: idNumber('433122', '19900101', 31) },
      ],
    });
    expect(b).toMatchObject({ accepted: 2, merged: 1 });
    const rows = await t.database.db.select().from(people);
    expect(rows).toHaveLength(2);
    const merged = rows.find((p) => p.externalId === 'F-1')!;
    // The second list adds what it knows and keeps what the first said.
    expect(merged).toMatchObject({ skills: ['电焊'], certificates: ['叉车证'] });
    expect(await t.database.db.select().from(personSources)).toHaveLength(3);
  });
});
