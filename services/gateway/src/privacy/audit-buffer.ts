import type { Database } from '@qihang/shared/db/client';
import type { auditLog } from '@qihang/shared/db/schema/index';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';

type Row = typeof auditLog.$inferInsert;

/**
 * The rows travel as two JSON parameters: each distinct context (who, role, action, route, subject type,
 * purpose) once, and per row its context's number, the subject and the request. A group of reads by a few
 * callers is a third of the bytes it was as row objects, which the gateway serializes and writes and the
 * database parses for every audited read.
 */
function insertRows(rows: Row[]) {
  const numbers = new Map<string, number>();
  const items: [number, string | null, string | null][] = [];
  for (const r of rows) {
    const context = JSON.stringify([
      r.actorUserId ?? null,
      r.actorRole ?? null,
      r.action,
      r.route ?? null,
      r.subjectType,
      r.purpose ?? null,
    ]);
    let n = numbers.get(context);
    if (n === undefined) {
      n = numbers.size;
      numbers.set(context, n);
    }
    items.push([n, r.subjectId ?? null, r.requestId ?? null]);
  }
  return sql`
  insert into audit_log (actor_user_id, actor_role, action, route, subject_type, subject_id, purpose, request_id)
  select (c.v->>0)::uuid, c.v->>1, c.v->>2, c.v->>3, c.v->>4, r.v->>1, c.v->>5, r.v->>2
  from jsonb_array_elements(${JSON.stringify(items)}::jsonb) as r(v)
    cross join lateral (select (${`[${[...numbers.keys()].join(',')}]`}::jsonb) -> ((r.v->>0)::int) as v) c`;
}

interface Entry {
  rows: Row[];
  /** durable mode: the request waiting for these rows' commit. */
  resolve?: () => void;
  reject?: (err: unknown) => void;
}

/**
 * Audit rows of concurrent requests written together (group commit, as PostgreSQL does with its WAL): a
 * write takes every row pending when it starts, and rows that arrive while `parallel` writes are in flight
 * go out in the next one. When a grouped INSERT fails, each request's rows are tried alone, so one bad row
 * cannot take its neighbours down with it.
 *
 * - `durable`: `push` resolves once the rows are committed, and the request answers only then; rows that
 *   cannot be written fail their request, so no read goes unrecorded and none is recorded twice. Under load
 *   one INSERT carries the rows of many requests instead of one each.
 * - `buffered`: `push` returns at once and rows are written every `flushMs`, one write at a time; a process
 *   killed outright loses the rows of the last interval (a graceful close flushes). While the database
 *   refuses every row, they are kept and retried a second later; past `maxPending`, `push` fails (the
 *   request with it) instead of holding more.
 */
export class AuditBuffer {
  private pending: Entry[] = [];
  private pendingRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly writes = new Set<Promise<void>>();
  private paused = false;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly opts: { durable: boolean; parallel?: number; flushMs?: number; maxPending?: number },
  ) {}

  push(rows: Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    if (this.opts.durable) {
      const committed = new Promise<void>((resolve, reject) => this.pending.push({ rows, resolve, reject }));
      this.pendingRows += rows.length;
      this.start();
      return committed;
    }
    if (this.pendingRows >= (this.opts.maxPending ?? 50_000)) {
      return Promise.reject(new Error('audit log unavailable: too many rows waiting to be written'));
    }
    this.pending.push({ rows });
    this.pendingRows += rows.length;
    this.schedule(this.opts.flushMs ?? 50);
    return Promise.resolve();
  }

  /**
   * buffered: one write `ms` from now of what is pending then. Rows that arrive while it is in flight wait
   * for the next interval, so a steady load is one INSERT an interval, not one write after another.
   */
  private schedule(ms: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.paused = false;
      this.start();
    }, ms);
  }

  /** Writes everything pending; resolves when nothing is left (or a buffered write failed and waits a retry). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.paused = false;
    this.start();
    while (this.writes.size > 0) {
      await Promise.all(this.writes);
      this.start();
    }
  }

  private start(): void {
    const parallel = this.opts.durable ? (this.opts.parallel ?? 1) : 1;
    while (!this.paused && this.pending.length > 0 && this.writes.size < parallel) {
      const entries = this.pending;
      this.pending = [];
      this.pendingRows = 0;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.writes.delete(write);
        if (this.opts.durable) this.start();
        else if (this.pending.length > 0) this.schedule(this.opts.flushMs ?? 50);
      };
      const write: Promise<void> = this.write(entries, release).finally(release);
      this.writes.add(write);
    }
  }

  /** `release` frees this write's slot (starting the next group); called once the rows are committed. */
  private async write(entries: Entry[], release: () => void): Promise<void> {
    try {
      await this.database.preparedRows(insertRows(entries.flatMap((e) => e.rows)));
      // The next group goes out before the waiting requests are answered: answering them is CPU work
      // (a response each) that would otherwise sit between one commit and the next.
      release();
      for (const e of entries) e.resolve?.();
      return;
    } catch (err) {
      if (entries.length === 1) return this.failed(entries, err);
    }
    // The group failed: each request's rows alone.
    const refused: Entry[] = [];
    let lastError: unknown;
    for (const e of entries) {
      try {
        await this.database.preparedRows(insertRows(e.rows));
        e.resolve?.();
      } catch (err) {
        refused.push(e);
        lastError = err;
      }
    }
    if (refused.length > 0) this.failed(refused, lastError, refused.length < entries.length);
  }

  /** Rows the database refused. `poison`: others went through, so these rows themselves are the problem. */
  private failed(entries: Entry[], err: unknown, poison = false): void {
    if (this.opts.durable) {
      // The requests fail with their rows: nothing was shown, so there is nothing to record.
      for (const e of entries) e.reject?.(err);
      return;
    }
    const rows = entries.reduce((n, e) => n + e.rows.length, 0);
    if (poison) {
      this.log.error({ err, rows }, 'audit rows refused by the database; dropped');
      return;
    }
    this.pending.unshift(...entries);
    this.pendingRows += rows;
    this.paused = true;
    this.log.error({ err, pending: this.pendingRows }, 'audit rows not written yet; retrying');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.schedule(1_000);
  }
}
