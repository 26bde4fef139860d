import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRecords } from '../src/index';
import { ingestTestDatabase } from './helpers/db';

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

describe('a large upload on the embedded database', () => {
  it('lets the process answer other work between chunks (health checks, requests, signals)', async () => {
    const records = Array.from({ length: 2_500 }, (_, i) => ({
      岗位编号: `T-${i}`,
      企业名称: `济南第${i % 40}加工厂`,
      岗位名称: '包装工',
      工作地点: '济南市历下区',
      招聘人数: 1 + (i % 5),
    }));
    let timerRan = false;
    setTimeout(() => {
      timerRan = true;
    }, 0);
    const report = await ingestRecords(t.deps, { kind: 'posts', source: 'portal', records });
    // Three chunks of work on a database that answers on this thread: the timer had its turn during them.
    expect(report.accepted).toBe(2_500);
    expect(timerRan).toBe(true);
  });
});
