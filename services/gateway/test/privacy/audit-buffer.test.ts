import type { Database } from '@qihang/shared/db/client';
import { auditLog } from '@qihang/shared/db/schema/index';
import { createLogger } from '@qihang/shared/log/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { count, eq, like } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditBuffer } from '../../src/privacy/audit-buffer';

const log = createLogger({ logLevel: 'silent' }) as unknown as FastifyBaseLogger;

const row = (requestId: string) => ({
  actorRole: 'bureau' as const,
  action: 'read',
  route: 'GET /v1/people/:id',
  subjectType: 'person',
  subjectId: 'p-1',
  purpose: 'view',
  requestId,
});

/** Audit rows of concurrent requests go out together; in durable mode a request waits for its row. */
describe('audit rows written together', () => {
  let t: Awaited<ReturnType<typeof migratedTestDatabase>>;
  let inserts = 0;
  let failNext = false;
  let database: Database;

  beforeAll(async () => {
    t = await migratedTestDatabase('pglite');
    const counted: Database['rows'] = async (q) => {
      inserts++;
      if (failNext) {
        failNext = false;
        throw new Error('database unavailable');
      }
      return t.database.rows(q);
    };
    database = { ...t.database, rows: counted, preparedRows: counted };
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const stored = async (requestId: string) =>
    (await t.database.db.select({ n: count() }).from(auditLog).where(eq(auditLog.requestId, requestId)))[0]!
      .n;

  it('durable: each push resolves only once its row is committed, and concurrent rows share INSERTs', async () => {
    const buffer = new AuditBuffer(database, log, { durable: true });
    inserts = 0;
    const seenAtResolve: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        buffer.push([row(`d-${i}`)]).then(async () => seenAtResolve.push(await stored(`d-${i}`))),
      ),
    );
    expect(seenAtResolve).toEqual(Array(40).fill(1));
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(40);
  });

  it('a group of rows from different callers and purposes stores each row with its own fields', async () => {
    const buffer = new AuditBuffer(database, log, { durable: true });
    const actor = '00000000-0000-4000-8000-00000000000a';
    const rows = [
      { ...row('mix-1'), actorUserId: actor, subjectId: 'p-1' },
      { ...row('mix-2'), actorRole: 'employer' as const, action: 'read_deidentified', subjectId: 'p-2' },
      { ...row('mix-3'), actorUserId: actor, purpose: 'recommendation', subjectId: 'p-3' },
      { ...row('mix-4'), actorUserId: actor, subjectId: 'p-4' },
      { ...row('mix-5'), route: null, purpose: null, subjectId: null },
    ];
    inserts = 0;
    await Promise.all(rows.map((r) => buffer.push([r])));
    expect(inserts).toBeLessThan(rows.length);
    const got = await t.database.db
      .select({
        actorUserId: auditLog.actorUserId,
        actorRole: auditLog.actorRole,
        action: auditLog.action,
        route: auditLog.route,
        subjectType: auditLog.subjectType,
        subjectId: auditLog.subjectId,
        purpose: auditLog.purpose,
        requestId: auditLog.requestId,
      })
      .from(auditLog)
      .where(like(auditLog.requestId, 'mix-%'))
      .orderBy(auditLog.requestId);
    expect(got).toEqual(rows.map((r) => ({ actorUserId: null, ...r })));
  });

  it('durable: a failed write fails the requests in it, and records none of them', async () => {
    const buffer = new AuditBuffer(database, log, { durable: true });
    failNext = true;
    const only = await Promise.allSettled([buffer.push([row('f-1')])]);
    expect(only[0]!.status).toBe('rejected');
    expect(await stored('f-1')).toBe(0);
    // The next request is written normally.
    await buffer.push([row('f-3')]);
    expect(await stored('f-3')).toBe(1);
  });

  it('one request whose row the database refuses fails alone; the rows grouped with it are written', async () => {
    const buffer = new AuditBuffer(database, log, { durable: true });
    const poison = { ...row('p-bad'), purpose: 'bad\u0000purpose' };
    // The first push starts a write at once; the next three wait and then go out together.
    const first = buffer.push([row('p-0')]);
    const results = await Promise.allSettled([
      buffer.push([row('p-1')]),
      buffer.push([poison]),
      buffer.push([row('p-2')]),
    ]);
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([await stored('p-1'), await stored('p-bad'), await stored('p-2')]).toEqual([1, 0, 1]);
  });

  it('buffered: rows the database refuses are dropped, the rest written; past the limit a push fails', async () => {
    const buffer = new AuditBuffer(database, log, { durable: false, flushMs: 60_000, maxPending: 3 });
    await buffer.push([row('q-1')]);
    await buffer.push([{ ...row('q-bad'), purpose: 'x\u0000' }]);
    await buffer.push([row('q-2')]);
    await expect(buffer.push([row('q-3')])).rejects.toThrow(/audit log unavailable/);
    await buffer.flush();
    expect([await stored('q-1'), await stored('q-bad'), await stored('q-2')]).toEqual([1, 0, 1]);
  });

  it('buffered: push returns before the write, and flush writes what is pending', async () => {
    const buffer = new AuditBuffer(database, log, { durable: false, flushMs: 60_000 });
    await buffer.push([row('b-1')]);
    expect(await stored('b-1')).toBe(0);
    await buffer.flush();
    expect(await stored('b-1')).toBe(1);
  });

  it('buffered: under a steady stream of reads, one write an interval carries what arrived (no write after write)', async () => {
    let writes = 0;
    let rows = 0;
    const slow: Database = {
      ...t.database,
      preparedRows: async () => {
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return [];
      },
    };
    const buffer = new AuditBuffer(slow, log, { durable: false, flushMs: 50 });
    const started = Date.now();
    while (Date.now() - started < 300) {
      await buffer.push([row(`s-${rows++}`)]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await buffer.flush();
    // ~300 ms of reads at 50 ms an interval: about six writes (a write after each one's end would be dozens).
    expect(rows).toBeGreaterThan(100);
    expect(writes).toBeGreaterThanOrEqual(2);
    expect(writes).toBeLessThanOrEqual(300 / 50 + 2);
  });

  it('buffered: while the database refuses every row, the rows are kept and written by a retry a second later', async () => {
    const buffer = new AuditBuffer(database, log, { durable: false, flushMs: 10 });
    failNext = true;
    await buffer.push([row('r-1')]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failNext).toBe(false); // the first write was tried and refused
    expect(await stored('r-1')).toBe(0);
    await buffer.push([row('r-2')]); // arrives while waiting for the retry: goes out with it, not sooner
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stored('r-2')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect([await stored('r-1'), await stored('r-2')]).toEqual([1, 1]);
  });
});
