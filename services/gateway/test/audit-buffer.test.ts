import type { Database } from '@qihang/shared/db/client';
import { auditLog } from '@qihang/shared/db/schema/index';
import { createLogger } from '@qihang/shared/log/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { count, eq, like } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditBuffer } from '../src/privacy/audit-buffer';

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
});
