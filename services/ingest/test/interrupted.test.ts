import { ingestBatches } from '@qihang/shared/db/schema/index';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBatchReport, ingestRecords } from '../src/index';
import { ingestTestDatabase } from './helpers/db';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

/** What a process killed mid-upload leaves behind: a batch `running`, its last chunk committed `ago` back. */
const cutOff = async (ago: string) => {
  const [b] = await t.database.db
    .insert(ingestBatches)
    .values({ kind: 'posts', source: 'upload', filename: '岗位.xlsx', accepted: 2000 })
    .returning({ id: ingestBatches.id });
  await t.database.db.execute(
    sql`update ingest_batches set heartbeat_at = now() - ${ago}::interval where id = ${b!.id}`,
  );
  return b!.id;
};

describe('a batch cut off mid-way (the process was killed)', () => {
  it('reads as failed once it has committed nothing for 15 minutes, saying to upload the file again', async () => {
    const silent = await cutOff('20 minutes');
    expect(await getBatchReport(t.deps, silent)).toMatchObject({
      status: 'failed',
      accepted: 2000,
      error: expect.stringContaining('请重新上传该文件'),
    });
    // Another process may still be writing a batch heard from recently: it stays running.
    const recent = await cutOff('2 minutes');
    expect(await getBatchReport(t.deps, recent)).toMatchObject({ status: 'running', error: null });
  });

  it('a batch that runs to the end is done, whatever its age', async () => {
    const report = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal',
      records: [
        { 岗位编号: 'H-1', 企业名称: '济南鲁运物流有限公司', 岗位名称: '叉车司机', 工作地点: '济南市历下区' },
      ],
    });
    await t.database.db.execute(sql`update ingest_batches set heartbeat_at = now() - interval '1 day'`);
    const again = await getBatchReport(t.deps, report.batchId);
    expect(again.status).toBe('done');
    expect(again.accepted + again.rejected).toBe(1);
  });
});
