import type { DbOrTx } from '@qihang/shared/db/client';
import { ingestBatches, rejectedRows } from '@qihang/shared/db/schema/index';
import type { ListKind } from '@qihang/shared/domain/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { BatchReport, ColumnChoice, RowError, RowWarning, WorkbookSheets } from '../types';
import type { ChunkCounts } from './types';

export const MAX_WARNINGS = 1000;

export async function createBatch(
  db: DbOrTx,
  b: {
    kind: ListKind;
    source: string;
    filename?: string | null;
    fileHash?: string | null;
    createdBy?: string | null;
  },
): Promise<string> {
  const [row] = await db
    .insert(ingestBatches)
    .values({
      kind: b.kind,
      source: b.source,
      filename: b.filename ?? null,
      fileHash: b.fileHash ?? null,
      createdBy: b.createdBy ?? null,
    })
    .returning({ id: ingestBatches.id });
  return row!.id;
}

/** Adds one committed chunk's counts; runs in the chunk's transaction, so the report never runs ahead. */
export async function addCounts(
  tx: DbOrTx,
  batchId: string,
  c: ChunkCounts & { rejected: number; flagged: number },
) {
  await tx
    .update(ingestBatches)
    .set({
      accepted: sql`${ingestBatches.accepted} + ${c.accepted}`,
      updated: sql`${ingestBatches.updated} + ${c.updated}`,
      unchanged: sql`${ingestBatches.unchanged} + ${c.unchanged}`,
      rejected: sql`${ingestBatches.rejected} + ${c.rejected}`,
      merged: sql`${ingestBatches.merged} + ${c.merged}`,
      flagged: sql`${ingestBatches.flagged} + ${c.flagged}`,
      heartbeatAt: sql`now()`,
    })
    .where(eq(ingestBatches.id, batchId));
}

export interface RejectedInput {
  rowNumber: number;
  raw: Record<string, unknown>;
  errors: RowError[];
  rowHash: string;
  idNumberHash: string | null;
}

/**
 * Keeps rejected rows with their reasons. The same bad row from an earlier upload of the same list and
 * source, still open, is superseded (discarded) by this one, so the open list never shows a row twice.
 */
export async function keepRejected(
  tx: DbOrTx,
  batch: { id: string; kind: ListKind; source: string },
  rows: RejectedInput[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update ${rejectedRows} r set status = 'discarded', resolved_at = now()
    from ${ingestBatches} b
    where r.batch_id = b.id and b.kind = ${batch.kind} and b.source = ${batch.source} and r.status = 'open'
      and r.batch_id <> ${batch.id}
      and r.row_hash in (${sql.join(
        rows.map((r) => sql`${r.rowHash}`),
        sql`, `,
      )})`);
  await tx.insert(rejectedRows).values(rows.map((r) => ({ ...r, batchId: batch.id })));
}

export async function finishBatch(
  db: DbOrTx,
  batchId: string,
  f: {
    status: 'done' | 'failed';
    unmappedColumns: string[];
    columns?: ColumnChoice[];
    sheets?: WorkbookSheets;
    warnings: RowWarning[];
    error?: string;
  },
) {
  await db
    .update(ingestBatches)
    .set({
      status: f.status,
      unmappedColumns: f.unmappedColumns,
      columns: f.columns ?? [],
      sheet: f.sheets?.sheet ?? null,
      skippedSheets: f.sheets?.skipped ?? [],
      warnings: f.warnings.slice(0, MAX_WARNINGS),
      error: f.error ?? null,
      finishedAt: sql`now()`,
    })
    .where(eq(ingestBatches.id, batchId));
}

export const INTERRUPTED =
  '导入过程中服务停止，本批次未完成：已写入的行已保留，请重新上传该文件（已写入的行会识别为未变化）';

/** A running batch that has committed nothing for this long was cut off (a chunk takes seconds at most). */
export const SILENT_BATCH_MS = 15 * 60_000;

/**
 * Batches left `running` by a process that stopped mid-way (killed, crashed) are marked failed with the
 * reason, so their report does not say "running" forever. With `silentForMs`, only those that have
 * committed nothing for that long (any database: on a shared PostgreSQL another process may be running the
 * others); without it, all of them (a database one process owns: the embedded default, at start). `batchId`
 * limits it to one batch. Returns how many.
 */
export async function failInterruptedBatches(
  db: DbOrTx,
  opts: { silentForMs?: number; batchId?: string } = {},
): Promise<number> {
  const rows = await db
    .update(ingestBatches)
    .set({ status: 'failed', error: INTERRUPTED, finishedAt: sql`now()` })
    .where(
      and(
        eq(ingestBatches.status, 'running'),
        opts.batchId ? eq(ingestBatches.id, opts.batchId) : undefined,
        opts.silentForMs !== undefined
          ? sql`${ingestBatches.heartbeatAt} < now() - make_interval(secs => ${opts.silentForMs / 1000})`
          : undefined,
      ),
    )
    .returning({ id: ingestBatches.id });
  return rows.length;
}

/** The batch report as officials read it: counts, unmapped columns, every rejected row with its reasons. */
export async function batchReport(db: DbOrTx, batchId: string): Promise<BatchReport> {
  const [b] = await db.select().from(ingestBatches).where(eq(ingestBatches.id, batchId));
  if (!b) throw new NotFoundError('ingest batch');
  const rejected = await db
    .select({ rowNumber: rejectedRows.rowNumber, errors: rejectedRows.errors })
    .from(rejectedRows)
    .where(eq(rejectedRows.batchId, batchId))
    .orderBy(asc(rejectedRows.rowNumber));
  return {
    batchId: b.id,
    kind: b.kind,
    source: b.source,
    filename: b.filename,
    status: b.status,
    accepted: b.accepted,
    updated: b.updated,
    unchanged: b.unchanged,
    rejected: b.rejected,
    merged: b.merged,
    flagged: b.flagged,
    unmappedColumns: b.unmappedColumns ?? [],
    columns: b.columns,
    sheet: b.sheet,
    // Rows stored before tabs were marked hidden (the same day) lack the flag.
    skippedSheets: b.skippedSheets.map((s) => ({ ...s, hidden: s.hidden ?? false })),
    rejectedRows: rejected.map((r) => ({ rowNumber: r.rowNumber, errors: r.errors as RowError[] })),
    warnings: (b.warnings as RowWarning[] | null) ?? [],
    error: b.error,
  };
}
