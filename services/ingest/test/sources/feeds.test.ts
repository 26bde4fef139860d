import { createServer, type Server } from 'node:http';
import { posts } from '@qihang/shared/db/schema/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollFeed } from '../../src/index';
import { upsertFeed } from '../../src/sources/feeds';
import { ingestTestDatabase } from '../helpers/db';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
let server: Server;
let base = '';
const requests: { page: string | null; ifNoneMatch: string | undefined }[] = [];
let version = 'v1';
let headcount = 3;

const page = (n: number) =>
  n > 2
    ? []
    : [1, 2].map((i) => ({
        id: `P${n}-${i}`,
        company: { name: '湘西州泸溪县扶贫车间' },
        企业名称: '泸溪县扶贫车间',
        岗位名称: i === 1 ? '缝纫工' : '包装工',
        工作地点: '湖南省湘西州泸溪县',
        招聘人数: headcount,
        薪资: '日结120元',
      }));

beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ page: url.searchParams.get('page'), ifNoneMatch: req.headers['if-none-match'] });
    if (req.headers['if-none-match'] === `"${version}"`) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', etag: `"${version}"` });
    res.end(JSON.stringify({ data: { items: page(Number(url.searchParams.get('page') ?? 1)) } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/posts`;
});
afterAll(async () => {
  server?.close();
  await t?.cleanup();
});

describe('portal feeds', () => {
  it('pulls every page, then ingests nothing new when polled again', async () => {
    const feedId = await upsertFeed(t.deps, {
      name: 'xiangjiuye',
      kind: 'posts',
      source: 'xiangjiuye',
      url: base,
      paging: { mode: 'page', param: 'page', itemsPath: 'data.items' },
    });
    const first = await pollFeed(t.deps, feedId);
    expect(first).toMatchObject({ status: 'ingested', pages: 3, report: { accepted: 4, rejected: 0 } });
    expect(await t.database.db.select().from(posts)).toHaveLength(4);

    const second = await pollFeed(t.deps, feedId);
    expect(second.status).toBe('not-modified');
    expect(requests.at(-1)).toEqual({ page: '1', ifNoneMatch: '"v1"' });

    // The portal changes one thing: only that is updated, the rest is unchanged.
    version = 'v2';
    headcount = 4;
    const third = await pollFeed(t.deps, feedId);
    expect(third).toMatchObject({ status: 'ingested', report: { accepted: 0, updated: 4, unchanged: 0 } });
    version = 'v3';
    const fourth = await pollFeed(t.deps, feedId);
    expect(fourth).toMatchObject({ status: 'ingested', report: { accepted: 0, updated: 0, unchanged: 4 } });
    expect(await t.database.db.select().from(posts)).toHaveLength(4);
  });
});
