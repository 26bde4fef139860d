import { employers, posts } from '@qihang/shared/db/schema/index';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords, listRejectedRows, resubmitRejectedRow } from '../src/index';
import { ingestTestDatabase } from './helpers/db';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

const row = (id: string, extra: Record<string, unknown> = {}) => ({
  岗位编号: id,
  企业名称: '济南鲁运物流有限公司',
  岗位名称: '叉车司机',
  工作地点: '济南市历下区',
  招聘人数: 2,
  ...extra,
});
const statusOf = async (externalId: string) => {
  const [p] = await t.database.db
    .select({ status: posts.status, headcount: posts.headcount })
    .from(posts)
    .where(sql`${posts.id} = (select post_id from post_sources where external_id = ${externalId})`);
  return p;
};

describe('posts of an employer the bureau has closed', () => {
  it('are refused while it recruits no more, kept with the reason, and land once it is reopened', async () => {
    const first = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal',
      records: [row('P-1'), row('P-2'), row('P-3')],
    });
    expect(first.accepted).toBe(3);
    // Closed as POST /v1/employers/:id/close does it: the mark, and its posts closed.
    const [employer] = await t.database.db.select({ id: employers.id }).from(employers);
    await t.database.db.update(employers).set({ closedAt: new Date() }).where(eq(employers.id, employer!.id));
    await t.database.db.update(posts).set({ status: 'closed' }).where(eq(posts.employerId, employer!.id));

    const second = await ingestRecords(t.deps, {
      kind: 'posts',
      source: 'portal',
      records: [
        row('P-1', { 招聘人数: 5 }), // changed, still recruiting: refused
        row('P-2', { 岗位状态: '招聘结束', 招聘人数: 3 }), // the list closing it too: fine
        row('P-4'), // new: refused
        row('Q-1', { 企业名称: '湘西扶贫车间', 工作地点: '湘西州吉首市' }), // another employer: lands
      ],
    });
    const reason = '用人单位已关闭，不再接收其招聘中的岗位；如需恢复，请就业局先恢复该单位';
    expect(second).toMatchObject({ accepted: 1, updated: 1, rejected: 2 });
    expect(second.rejectedRows).toEqual([
      { rowNumber: 1, errors: [{ field: '企业名称', reason }] },
      { rowNumber: 3, errors: [{ field: '企业名称', reason }] },
    ]);
    expect(await statusOf('P-1')).toEqual({ status: 'closed', headcount: 2 });
    expect(await statusOf('P-2')).toEqual({ status: 'closed', headcount: 3 });
    expect(await statusOf('P-4')).toBeUndefined();

    // Resubmitting a kept row while the employer is closed gives the same reason; after reopening it lands.
    const kept = await listRejectedRows(t.deps, { batchId: second.batchId });
    const p4 = kept.find((r) => r.rowNumber === 3)!;
    expect(await resubmitRejectedRow(t.deps, p4.id)).toEqual({
      ok: false,
      errors: [{ field: '企业名称', reason }],
    });
    await t.database.db.update(employers).set({ closedAt: null }).where(eq(employers.id, employer!.id));
    expect(await resubmitRejectedRow(t.deps, p4.id)).toMatchObject({ ok: true, outcome: 'accepted' });
    expect(await statusOf('P-4')).toEqual({ status: 'open', headcount: 2 });
  });
});
