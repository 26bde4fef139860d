import type { Database } from '@qihang/shared/db/client';
import type { auditLog } from '@qihang/shared/db/schema/index';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';

type Row = typeof auditLog.$inferInsert;

/** The rows travel as one JSON parameter, so building the statement costs nothing per row. */
const insertRows = (rows: Row[]) => sql`
  insert into audit_log (actor_user_id, actor_role, action, route, subject_type, subject_id, purpose, request_id)
  select r."actorUserId", r."actorRole", r.action, r.route, r."subjectType", r."subjectId", r.purpose, r."requestId"
  from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("actorUserId" uuid, "actorRole" text,
    action text, route text, "subjectType" text, "subjectId" text, purpose text, "requestId" text)`;

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Audit rows of concurrent requests written together (group commit, as PostgreSQL does with its WAL): a
 * write takes every row pending when it starts, and rows that arrive while `parallel` writes are in flight
 * go out in the next one.
 *
 * - `durable`: `push` resolves once the rows are committed, and the request answers only then; if the INSERT
 *   fails, every request in it fails, so no read goes unrecorded and none is recorded twice. Under load one
 *   INSERT carries the rows of many requests instead of one each.
 * - `buffered`: `push` returns at once and rows are written every `flushMs`, one write at a time; a process
 *   killed outright loses the rows of the last interval (a graceful close flushes). A failed write is retried
 *   a second later with the rows kept; past `maxPending` rows, callers wait for the write, so memory stays
 *   bounded.
 */
export class AuditBuffer {
  private rows: Row[] = [];
  private waiters: Waiter[] = [];
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
    this.rows.push(...rows);
    if (this.opts.durable) {
      const committed = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
      this.start();
      return committed;
    }
    if (this.rows.length >= (this.opts.maxPending ?? 50_000)) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs ?? 50);
    return Promise.resolve();
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
    while (!this.paused && this.rows.length > 0 && this.writes.size < parallel) {
      const write = this.write(this.rows, this.waiters).finally(() => {
        this.writes.delete(write);
        if (this.opts.durable) this.start();
      });
      this.writes.add(write);
      this.rows = [];
      this.waiters = [];
    }
  }

  private async write(rows: Row[], waiters: Waiter[]): Promise<void> {
    try {
      await this.database.rows(insertRows(rows));
    } catch (err) {
      if (this.opts.durable) {
        // The requests fail with their rows: nothing was shown, so there is nothing to record.
        for (const w of waiters) w.reject(err);
        return;
      }
      this.rows.unshift(...rows);
      this.paused = true;
      this.log.error({ err, pending: this.rows.length }, 'audit rows not written yet; retrying');
      this.timer ??= setTimeout(() => void this.flush(), 1_000);
      return;
    }
    for (const w of waiters) w.resolve();
  }
}
