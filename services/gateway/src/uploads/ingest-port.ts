import { Readable } from 'node:stream';
import {
  correctRejectedRow,
  getBatchReport,
  type IngestDeps,
  type BatchReport as IngestReport,
  ingestFile,
  listRejectedRows,
  resubmitRejectedRow,
  type UploadScope,
} from '@qihang/ingest';
import { rejectedRows } from '@qihang/shared/db/schema/index';
import { ForbiddenError, NotFoundError } from '@qihang/shared/errors';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor, BatchReport, IngestPort, RejectedRowView } from '../ports';
import { decodeCursor, encodeCursor } from '../util/cursor';

/**
 * Who a list is from decides how its rows are deduplicated (external ids are unique within a source): the
 * bureau of a region, a facility, or one admin user, whichever key of theirs uploads it.
 */
const sourceOf = (a: Actor) =>
  a.role === 'bureau'
    ? `bureau-${a.regionCode}`
    : a.role === 'facility'
      ? `facility-${a.facilityId}`
      : `user-${a.userId}`;

/**
 * What an uploader may write: a bureau its region's people and posts, a facility its own people; an admin
 * anything. Rows outside are rejected with a reason, and a person on file outside it is never updated.
 */
function scopeOf(a: Actor): UploadScope | undefined {
  if (a.role === 'admin') return undefined;
  const actor = { userId: a.userId, role: a.role };
  if (a.role === 'bureau' && a.regionCode) return { regionCode: a.regionCode, actor };
  if (a.role === 'facility' && a.facilityId) return { facilityId: a.facilityId, actor };
  throw new ForbiddenError('this key has no region or facility to upload for');
}

const report = (r: IngestReport): BatchReport => ({
  batchId: r.batchId,
  kind: r.kind,
  status: r.status,
  filename: r.filename,
  accepted: r.accepted,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
  merged: r.merged,
  flagged: r.flagged,
  unmappedColumns: r.unmappedColumns,
  columns: r.columns.map((c) => ({
    field: c.field,
    label: c.label,
    column: c.column,
    passedOver: c.passedOver,
  })),
  sheet: r.sheet,
  skippedSheets: r.skippedSheets,
  warnings: r.warnings.map((w) => ({
    rowNumber: w.rowNumber,
    field: w.field,
    reason: w.reason,
    review: w.review,
  })),
  error: r.error,
});

/** The last row of a page (its row number and id): the next page starts after it. */
const rowCursor = z.object({
  n: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  i: z.uuid(),
});

/** Adapts the ingest service (services/ingest) to the gateway's port. */
export function ingestPort(deps: IngestDeps): IngestPort {
  async function rowView(id: string): Promise<RejectedRowView> {
    const [r] = await deps.database.db.select().from(rejectedRows).where(eq(rejectedRows.id, id));
    if (!r) throw new NotFoundError('rejected row');
    return {
      id: r.id,
      batchId: r.batchId,
      rowNumber: r.rowNumber,
      raw: r.raw as Record<string, unknown>,
      errors: r.errors as RejectedRowView['errors'],
      status: r.status,
    };
  }

  return {
    async ingestFile({ kind, filename, content, actor }) {
      return report(
        await ingestFile(deps, {
          kind,
          filename,
          source: sourceOf(actor),
          stream: Readable.from([content]),
          createdBy: actor.userId,
          scope: scopeOf(actor),
        }),
      );
    },
    async getBatchReport(batchId) {
      return report(await getBatchReport(deps, batchId));
    },
    async listRejectedRows(batchId, { limit, cursor }) {
      const after = decodeCursor(cursor, rowCursor);
      const rows = await listRejectedRows(deps, {
        batchId,
        limit: limit + 1,
        ...(after ? { after: { rowNumber: after.n, id: after.i } } : {}),
      });
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return {
        items: rows.slice(0, limit).map((r) => ({
          id: r.id,
          batchId: r.batchId,
          rowNumber: r.rowNumber,
          raw: r.raw,
          errors: r.errors,
          status: r.status,
        })),
        nextCursor: last ? encodeCursor({ n: last.rowNumber, i: last.id }) : null,
      };
    },
    async correctRejectedRow(rowId, values, actor) {
      await correctRejectedRow(deps, rowId, values, scopeOf(actor));
      return rowView(rowId);
    },
    async resubmitRejectedRow(rowId, actor) {
      const result = await resubmitRejectedRow(deps, rowId, scopeOf(actor));
      const row = await rowView(rowId);
      return {
        // An imported row has no error left: the reasons it once had stay in the batch's history only.
        row: result.ok ? { ...row, errors: [] } : row,
        outcome: result.ok ? result.outcome : 'rejected',
        recordId: result.ok ? result.recordId : null,
      };
    },
  };
}
