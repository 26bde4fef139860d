import type { DbOrTx } from '@qihang/shared/db/client';
import { ingestBatches, personSources, postSources, rejectedRows } from '@qihang/shared/db/schema/index';
import type { ListKind } from '@qihang/shared/domain/index';
import { ConflictError, NotFoundError } from '@qihang/shared/errors';
import { maskIdNumbersIn } from '@qihang/shared/privacy/id-number';
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { fieldsOf } from './mapping/fields';
import { addCounts } from './persist/batches';
import { lockList } from './persist/lock';
import { type RowContext, validateRow, writeItems } from './pipeline/chunk';
import { loadReference } from './pipeline/reference';
import { maskedRaw, rowHash } from './pipeline/rows';
import { jsonRecord } from './sources/table';
import type { ColumnChoice, IngestDeps, RowError, SourceRow } from './types';
import type { UploadScope } from './validation/scope';

export type RejectedStatus = 'open' | 'resubmitted' | 'discarded';

export interface RejectedRowView {
  id: string;
  batchId: string;
  kind: ListKind;
  source: string;
  rowNumber: number;
  /** Original values by column header; ID numbers masked. */
  raw: Record<string, unknown>;
  errors: RowError[];
  status: RejectedStatus;
  createdAt: Date;
}

export async function listRejectedRows(
  deps: Pick<IngestDeps, 'database'>,
  filter: {
    batchId?: string;
    kind?: ListKind;
    source?: string;
    status?: RejectedStatus;
    limit?: number;
    offset?: number;
    /**
     * A batch's rows come in row order; `after` continues after the given row, so rows resubmitted while
     * someone pages through are not skipped over (an offset would shift past them).
     */
    after?: { rowNumber: number; id: string };
  } = {},
): Promise<RejectedRowView[]> {
  const where: SQL[] = [eq(rejectedRows.status, filter.status ?? 'open')];
  if (filter.batchId) where.push(eq(rejectedRows.batchId, filter.batchId));
  if (filter.kind) where.push(eq(ingestBatches.kind, filter.kind));
  if (filter.source) where.push(eq(ingestBatches.source, filter.source));
  if (filter.after) {
    where.push(
      sql`(${rejectedRows.rowNumber}, ${rejectedRows.id}) > (${filter.after.rowNumber}, ${filter.after.id}::uuid)`,
    );
  }
  const rows = await deps.database.db
    .select({
      id: rejectedRows.id,
      batchId: rejectedRows.batchId,
      kind: ingestBatches.kind,
      source: ingestBatches.source,
      rowNumber: rejectedRows.rowNumber,
      raw: rejectedRows.raw,
      errors: rejectedRows.errors,
      status: rejectedRows.status,
      createdAt: rejectedRows.createdAt,
    })
    .from(rejectedRows)
    .innerJoin(ingestBatches, eq(ingestBatches.id, rejectedRows.batchId))
    .where(and(...where))
    .orderBy(
      ...(filter.batchId
        ? [asc(rejectedRows.rowNumber), asc(rejectedRows.id)]
        : [asc(rejectedRows.createdAt), asc(rejectedRows.rowNumber)]),
    )
    .limit(Math.min(filter.limit ?? 100, 1000))
    .offset(filter.offset ?? 0);
  // Reasons are masked when written; rows kept by an earlier version are masked here as they are read.
  return rows.map((r) => ({
    ...r,
    raw: r.raw as Record<string, unknown>,
    errors: (r.errors as RowError[]).map((e) => ({ ...e, reason: maskIdNumbersIn(e.reason) })),
  }));
}

async function load(db: DbOrTx, id: string) {
  const [row] = await db
    .select({
      row: rejectedRows,
      kind: ingestBatches.kind,
      source: ingestBatches.source,
      columns: ingestBatches.columns,
    })
    .from(rejectedRows)
    .innerJoin(ingestBatches, eq(ingestBatches.id, rejectedRows.batchId))
    .where(eq(rejectedRows.id, id));
  if (!row) throw new NotFoundError('rejected row');
  if (row.row.status !== 'open') throw new ConflictError(`rejected row is already ${row.row.status}`);
  return row;
}

/**
 * The row as its upload read it: each field from the column the upload mapped it to (stored with the batch),
 * so a correction is validated exactly as the row was — a column passed over stays passed over. Rows of
 * batches without a stored mapping (API records, batches before it was kept) map their keys afresh. A masked
 * ID number stands for the keyed hash kept with the row.
 */
function sourceRowOf(
  kind: ListKind,
  rowNumber: number,
  raw: Record<string, unknown>,
  idNumberHash: string | null,
  columns: ColumnChoice[],
): SourceRow {
  const row = columns.length > 0 ? mappedRecord(rowNumber, raw, columns) : jsonRecord(kind, rowNumber, raw);
  const id = row.fields.idNumber;
  if (typeof id === 'string' && id.includes('*') && idNumberHash) row.knownIdNumberHash = idNumberHash;
  return row;
}

/**
 * Applies corrections to a rejected row (keys are its column headers, or field names such as `idNumber`)
 * and validates it again. Nothing is ingested yet; the row keeps the corrected values and new reasons.
 */
export async function correctRejectedRow(
  deps: IngestDeps,
  id: string,
  changes: Record<string, unknown>,
  scope?: UploadScope,
): Promise<{ errors: RowError[] }> {
  const { row, kind, source, columns } = await load(deps.database.db, id);
  const raw = { ...(row.raw as Record<string, unknown>) };
  const defs = fieldsOf(kind);
  const mapped = new Map(columns.filter((c) => c.column).map((c) => [c.field, c.column!]));
  const current =
    columns.length > 0 ? Object.fromEntries(mapped) : jsonRecord(kind, row.rowNumber, raw).headerOf;
  for (const [key, value] of Object.entries(changes)) {
    const def = defs[key];
    raw[def ? (current[key] ?? def.label) : key] = value;
  }
  const ctx = await contextFor(deps, row.batchId, kind, source, scope);
  const sourceRow = sourceRowOf(kind, row.rowNumber, raw, row.idNumberHash, withLabels(columns, defs, raw));
  const v = validateRow(ctx, sourceRow);
  const masked = maskedRaw(sourceRow);
  // A full ID number typed in the correction is kept only as its keyed hash, like the original.
  const idHash = v.ok ? ('idNumberHash' in v.record ? v.record.idNumberHash : null) : v.idNumberHash;
  await deps.database.db
    .update(rejectedRows)
    .set({
      raw: masked,
      errors: v.ok ? [] : v.errors,
      rowHash: rowHash(kind, source, masked),
      idNumberHash: idHash ?? row.idNumberHash,
    })
    .where(eq(rejectedRows.id, id));
  return { errors: v.ok ? [] : v.errors };
}

/**
 * Ingests a (corrected) rejected row into its batch's list and source. On success the row is marked
 * resubmitted, its values are dropped, and the batch's counts move from rejected to accepted/updated;
 * otherwise the new reasons are kept and returned.
 */
export async function resubmitRejectedRow(
  deps: IngestDeps,
  id: string,
  scope?: UploadScope,
): Promise<
  | { ok: true; outcome: 'accepted' | 'updated' | 'unchanged'; recordId: string | null }
  | { ok: false; errors: RowError[] }
> {
  const { row, kind, source, columns } = await load(deps.database.db, id);
  const ctx = await contextFor(deps, row.batchId, kind, source, scope);
  const raw = row.raw as Record<string, unknown>;
  const sourceRow = sourceRowOf(
    kind,
    row.rowNumber,
    raw,
    row.idNumberHash,
    withLabels(columns, fieldsOf(kind), raw),
  );
  const v = validateRow(ctx, sourceRow);
  if (!v.ok) {
    await deps.database.db.update(rejectedRows).set({ errors: v.errors }).where(eq(rejectedRows.id, id));
    return { ok: false, errors: v.errors };
  }
  return deps.database.db.transaction(async (tx) => {
    await lockList(tx, deps.database.kind, kind);
    const item = { rowNumber: row.rowNumber, record: v.record, raw: sourceRow.raw };
    const { counts, conflicts } = await writeItems(tx, { batch: ctx.batch, employerCache: new Map() }, [
      item,
    ]);
    const conflict = conflicts[0];
    if (conflict) {
      const errors = [
        { field: sourceRow.headerOf[conflict.field] ?? conflict.field, reason: conflict.reason },
      ];
      await tx.update(rejectedRows).set({ errors }).where(eq(rejectedRows.id, id));
      return { ok: false as const, errors };
    }
    await tx
      .update(rejectedRows)
      // The values now live in the list itself; keeping a second copy here would outlive corrections and
      // erasure. The row number, reasons and row hash stay for the batch's history.
      .set({ status: 'resubmitted', resolvedAt: sql`now()`, raw: {} })
      .where(and(eq(rejectedRows.id, id), eq(rejectedRows.status, 'open')));
    await addCounts(tx, row.batchId, { ...counts, rejected: -1, flagged: 0 });
    const outcome = counts.accepted ? 'accepted' : counts.updated ? 'updated' : 'unchanged';
    // The person or post the row became, found as the list's source knows it.
    const externalId = v.record.externalId;
    const [found] =
      kind === 'people'
        ? await tx
            .select({ id: personSources.personId })
            .from(personSources)
            .where(and(eq(personSources.source, source), eq(personSources.externalId, externalId)))
        : await tx
            .select({ id: postSources.postId })
            .from(postSources)
            .where(and(eq(postSources.source, source), eq(postSources.externalId, externalId)));
    return { ok: true as const, outcome, recordId: found?.id ?? null };
  });
}

/** Values of a stored row by the stored mapping: only the columns the upload read, as it read them. */
function mappedRecord(rowNumber: number, raw: Record<string, unknown>, columns: ColumnChoice[]): SourceRow {
  const fields: Record<string, unknown> = {};
  const headerOf: Record<string, string> = {};
  for (const c of columns) {
    if (!c.column) continue;
    headerOf[c.field] = c.column;
    const v = raw[c.column];
    if (v !== undefined && v !== null && v !== '') fields[c.field] = v;
  }
  return { rowNumber, raw, fields, headerOf };
}

/**
 * A field the upload had no column for, given in a correction under its field's Chinese name (身份证号):
 * read from there. The stored mapping gains that column for this row only.
 */
function withLabels(
  columns: ColumnChoice[],
  defs: Record<string, { label: string }>,
  present: Record<string, unknown>,
): ColumnChoice[] {
  if (columns.length === 0) return columns;
  const out = [...columns];
  for (const [field, def] of Object.entries(defs)) {
    const known = out.find((c) => c.field === field);
    if (known?.column) continue;
    if (def.label in present) {
      const choice = { field, label: def.label, column: def.label, passedOver: known?.passedOver ?? [] };
      if (known) out[out.indexOf(known)] = choice;
      else out.push(choice);
    }
  }
  return out;
}

async function contextFor(
  deps: IngestDeps,
  batchId: string,
  kind: ListKind,
  source: string,
  scope: UploadScope | undefined,
): Promise<RowContext> {
  return {
    batch: { id: batchId, kind, source, scope },
    ref: await loadReference(deps.database.db),
    idHashKey: deps.idHashKey,
    year: new Date().getFullYear(),
  };
}
