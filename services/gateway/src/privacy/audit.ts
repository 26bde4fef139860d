import type { Database, DbOrTx } from '@qihang/shared/db/client';
import { auditLog, people } from '@qihang/shared/db/schema/index';
import { and, eq, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { principalOf, type Role } from '../auth/roles';
import type { PageCache } from '../matching/cache';
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

/**
 * Headers are Latin-1 on the wire, so a Chinese purpose should arrive percent-encoded (就业帮扶 →
 * %E5%B0%B1…). Many clients send the UTF-8 bytes as they are, which Node reads one Latin-1 character a byte
 * (å°±ä¸…): those are read back as UTF-8 when they are valid UTF-8.
 */
export function decodePurpose(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let text = raw;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: bytes 0x80–0xff read as Latin-1 are what is tested
  if (/[\u0080-\u00ff]/.test(raw) && !/[^\u0000-\u00ff]/.test(raw)) {
    const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
    if (!utf8.includes('\ufffd')) text = utf8;
  }
  try {
    text = decodeURIComponent(text);
  } catch {
    // Not percent-encoding after all (a literal % sign, a cut-off sequence): kept as sent.
  }
  // Control characters (%00 …) have no business in a purpose, and a NUL would make the audit INSERT fail.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
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
 * How reads are recorded (AppDeps.audit); both write the rows of concurrent requests together (see
 * AuditBuffer):
 * - `durable` (default): a request answers only after its audit rows are committed; if they cannot be
 *   written the request fails, so there is no unaudited read.
 * - `buffered`: the request does not wait; a process killed outright loses the rows of the last few
 *   milliseconds (a graceful close flushes).
 */
export type AuditMode = 'durable' | 'buffered';
export interface AuditSink {
  buffer: AuditBuffer;
  /**
   * Who may see whom, reused for as long as an API key is (AuthOptions.keyCacheMs): a change to the person
   * on this instance drops it at once; a change elsewhere shows within that time, as a key's revocation does.
   */
  visibility: PageCache<boolean>;
}

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

/** One audit row per person; the rows of one request go out in one INSERT with those of concurrent ones. */
export async function auditPersonReads(
  sink: AuditSink,
  ctx: AuditContext,
  personIds: readonly string[],
  action = 'read',
): Promise<void> {
  if (personIds.length === 0) return;
  await sink.buffer.push(rowsFor(ctx, personIds, action));
}

/**
 * Checks that a person is in the caller's scope (`scope`, told apart by `action` in the cache) and records
 * the read. False, with nothing written, when the person is not visible. The scope condition is built only
 * when the answer is not cached.
 */
export async function auditPersonIfVisible(
  database: Database,
  sink: AuditSink,
  ctx: AuditContext,
  personId: string,
  scope: () => SQL | undefined,
  action: string,
): Promise<boolean> {
  const visible = await sink.visibility.get(personId, `${ctx.actorUserId}|${action}`, async () => {
    const [row] = await database.db
      .select({ id: people.id })
      .from(people)
      .where(and(eq(people.id, personId), scope()));
    return !!row;
  });
  if (visible) await sink.buffer.push(rowsFor(ctx, [personId], action));
  return visible;
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
