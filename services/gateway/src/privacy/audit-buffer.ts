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
    this.timer ??= setTimeout(() => void this.flush(), 1_000);
  }
}
