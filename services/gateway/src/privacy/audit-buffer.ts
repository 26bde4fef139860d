import type { Database } from '@qihang/shared/db/client';
import type { auditLog } from '@qihang/shared/db/schema/index';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';

type Row = typeof auditLog.$inferInsert;

/** Rows per INSERT; they travel as one JSON parameter, so building the statement costs nothing per row. */
const MAX_ROWS = 5000;

const insertRows = (rows: Row[]) => sql`
  insert into audit_log (actor_user_id, actor_role, action, route, subject_type, subject_id, purpose, request_id)
  select r."actorUserId", r."actorRole", r.action, r.route, r."subjectType", r."subjectId", r.purpose, r."requestId"
  from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("actorUserId" uuid, "actorRole" text,
    action text, route text, "subjectType" text, "subjectId" text, purpose text, "requestId" text)`;

/**
 * Audit rows collected in memory and written every `flushMs` in one INSERT, for the `buffered` audit mode:
 * a read no longer waits for its row. Every read is still recorded; what is given up is the rows of the last
 * `flushMs` if the process is killed outright (a graceful close flushes). A failed write is retried with the
 * rows kept; past `maxPending` rows, callers wait for the flush, so memory stays bounded.
 */
export class AuditBuffer {
  private rows: Row[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    private readonly flushMs = 50,
    private readonly maxPending = 50_000,
  ) {}

  async push(rows: Row[]): Promise<void> {
    this.rows.push(...rows);
    if (this.rows.length >= this.maxPending) await this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing;
    if (this.rows.length === 0) return;
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  private async write(): Promise<void> {
    while (this.rows.length > 0) {
      const batch = this.rows.splice(0, MAX_ROWS);
      try {
        await this.database.rows(insertRows(batch));
      } catch (err) {
        this.rows.unshift(...batch);
        this.log.error({ err, pending: this.rows.length }, 'audit rows not written yet; retrying');
        this.timer ??= setTimeout(() => void this.flush(), 1_000);
        return;
      }
    }
  }
}
