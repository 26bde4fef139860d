import type { Database, DbOrTx } from '@qihang/shared/db/client';
import { auditLog, people } from '@qihang/shared/db/schema/index';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { principalOf, type Role } from '../auth/roles';
import type { PageCache } from '../matching/cache';
import { textArray } from '../util/sql';
import type { AuditBuffer } from './audit-buffer';

/**
 * Every read of a person's record writes one audit row per person returned (who, role, when, route, why):
 * "who has seen person X" is then one indexed lookup on (subject_type, subject_id), and a listing of 50
 * people is one multi-row insert. The row is written before the response is sent; if it cannot be written
 * the request fails, so there is no unaudited read.
 */
export interface AuditContext {
  actorUserId: string;
  actorRole: Role;
  route: string;
  requestId: string;
  purpose: string;
}

const MAX_PURPOSE = 100;

/** Headers are Latin-1 on the wire, so a Chinese purpose arrives percent-encoded (就业帮扶 → %E5%B0%B1…). */
function decodePurpose(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

/** The caller states why in `x-purpose` (e.g. 就业帮扶); otherwise the route's own purpose is recorded. */
export function auditContext(request: FastifyRequest, defaultPurpose: string): AuditContext {
  const principal = principalOf(request);
  const header = request.headers['x-purpose'];
  const stated = decodePurpose(Array.isArray(header) ? header[0] : header);
  return {
    actorUserId: principal.userId,
    actorRole: principal.role,
    route: `${request.method} ${request.routeOptions.url ?? request.url}`,
    requestId: String(request.id),
    purpose: stated ? stated.slice(0, MAX_PURPOSE) : defaultPurpose,
  };
}

/**
 * How reads are recorded (AppDeps.audit):
 * - `durable` (default): the request answers only after its audit rows are flushed to the WAL.
 * - `async-commit`: the commit does not wait for the flush (synchronous_commit = off, this statement only);
 *   a crash of the database server itself can lose the last fraction of a second of rows.
 * - `buffered`: rows are written in batches every few milliseconds; a process killed outright loses the
 *   rows of the last batch interval (a graceful close flushes).
 */
export type AuditMode = 'durable' | 'async-commit' | 'buffered';
export interface AuditSink {
  mode: AuditMode;
  buffer: AuditBuffer | null;
  /** buffered mode: who may see whom, reused for a few seconds (like keys), dropped when the person changes. */
  visibility: PageCache<boolean>;
}

const commitMode = (mode: AuditMode) =>
  sql`(select set_config('synchronous_commit', ${mode === 'durable' ? 'on' : 'off'}, true) as mode)`;

const columns = sql`(actor_user_id, actor_role, action, route, subject_type, subject_id, purpose, request_id)`;
const values = (ctx: AuditContext, action: string) =>
  sql`${ctx.actorUserId}::uuid, ${ctx.actorRole}, ${action}, ${ctx.route}, 'person'`;

const rowsFor = (ctx: AuditContext, personIds: readonly string[], action: string) =>
  [...new Set(personIds)].map((subjectId) => ({
    actorUserId: ctx.actorUserId,
    actorRole: ctx.actorRole,
    action,
    route: ctx.route,
    subjectType: 'person',
    subjectId,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  }));

/** One audit row per person, in one statement (one commit) whatever the number of people. */
export async function auditPersonReads(
  database: Database,
  sink: AuditSink,
  ctx: AuditContext,
  personIds: readonly string[],
  action = 'read',
): Promise<void> {
  if (personIds.length === 0) return;
  if (sink.buffer) return sink.buffer.push(rowsFor(ctx, personIds, action));
  await database.rows(sql`
    insert into audit_log ${columns}
    select ${values(ctx, action)}, s.id, ${ctx.purpose}, ${ctx.requestId}
    from ${commitMode(sink.mode)} as c, unnest(${textArray([...new Set(personIds)])}) as s(id)`);
}

/**
 * Checks that a person is in the caller's scope and records the read — in the same statement (one round
 * trip, one commit) unless buffered. False, with nothing written, when the person is not visible.
 */
export async function auditPersonIfVisible(
  database: Database,
  sink: AuditSink,
  ctx: AuditContext,
  personId: string,
  scope: SQL | undefined,
  action: string,
): Promise<boolean> {
  if (sink.buffer) {
    const visible = await sink.visibility.get(personId, ctx.actorUserId, async () => {
      const [row] = await database.db
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.id, personId), scope));
      return !!row;
    });
    if (visible) await sink.buffer.push(rowsFor(ctx, [personId], action));
    return visible;
  }
  const rows = await database.rows<{ subject_id: string }>(sql`
    insert into audit_log ${columns}
    select ${values(ctx, action)}, ${people.id}::text, ${ctx.purpose}, ${ctx.requestId}
    from ${commitMode(sink.mode)} as c, ${people}
    where ${and(eq(people.id, personId), scope)}
    returning subject_id`);
  return rows.length > 0;
}

/** A change worth a trace (erasure, consent, keys): same table, its own action name. */
export async function auditEvent(
  tx: DbOrTx,
  ctx: AuditContext,
  event: { action: string; subjectType: string; subjectId: string | null },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorUserId: ctx.actorUserId,
    actorRole: ctx.actorRole,
    action: event.action,
    route: ctx.route,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    purpose: ctx.purpose,
    requestId: ctx.requestId,
  });
}
