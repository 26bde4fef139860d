import { ingestBatches } from '@qihang/shared/db/schema/index';
import type { ListKind } from '@qihang/shared/domain/index';
import { nextTurn } from '@qihang/shared/util/turn';
import { eq, sql } from 'drizzle-orm';
import { batchReport, createBatch, finishBatch } from '../persist/batches';
import { NoHeaderError } from '../sources/table';
import type { BatchReport, ColumnChoice, IngestDeps, SourceRow, WorkbookSheets } from '../types';
import type { UploadScope } from '../validation/scope';
import { type BatchState, prepareChunk, processChunk, writeChunk } from './chunk';
import { loadReference } from './reference';

/**
 * Rows per transaction: large enough for the per-chunk statements and round trips to pay off (1,000 rows wrote
 * posts ~6 % faster than 500), small enough to stream (peak RSS ~400 MB for a 100k-row file either way).
 */
export const CHUNK_SIZE = 1000;

/** Prepared chunks that may wait for their write while the next is read (memory: a few chunks of rows). */
const WRITES_AHEAD = 2;

export interface BatchInput {
  kind: ListKind;
  source: string;
  filename?: string | null;
  createdBy?: string | null;
  /** The uploader's reach (a bureau's region, a facility); none for an admin or an operator's CLI. */
  scope?: UploadScope;
  rows: AsyncIterable<SourceRow> | Iterable<SourceRow>;
  /** Known once the header row has been read. */
  unmappedColumns?: () => string[];
  /** The column read for each field, and those passed over; known once the header row has been read. */
  columns?: () => ColumnChoice[];
  /** Known once the whole file has been read. */
  fileHash?: () => string | null;
  /** A workbook's imported tab and its other tabs that hold rows; known once the whole file has been read. */
  sheets?: () => WorkbookSheets;
}

/** Errors about the input itself, shown to the official as the batch's failure reason. */
export class InputError extends Error {}

/**
 * Runs one upload or pull: rows are validated and normalized as they stream in and written chunk by chunk,
 * each chunk one transaction with its outbox entries and rejected rows. A batch that fails part-way keeps
 * the chunks it committed; running the same input again completes it (every write is idempotent).
 */
export async function runBatch(deps: IngestDeps, input: BatchInput): Promise<BatchReport> {
  const { database } = deps;
  const ref = await loadReference(database.db);
  const batchId = await createBatch(database.db, {
    kind: input.kind,
    source: input.source,
    filename: input.filename,
    createdBy: input.createdBy,
  });
  const state: BatchState = {
    database,
    batch: { id: batchId, kind: input.kind, source: input.source, scope: input.scope },
    ref,
    idHashKey: deps.idHashKey,
    year: new Date().getFullYear(),
    embedder: deps.embedder,
    seen: new Map(),
    employerCache: new Map(),
    derivedCounts: new Map(),
    postRows: new Map(),
    warnings: [],
    analyzeAt: CHUNK_SIZE,
    totals: { accepted: 0, updated: 0, unchanged: 0, merged: 0, rejected: 0, flagged: 0 },
  };
  const started = Date.now();
  // Chunks are written while the next ones are read, validated and normalized: the file parse and the
  // per-row work overlap the database round trips. prepareChunk validates synchronously before its first
  // await, so chunks still validate in order.
  // Writes run one at a time, in order; up to WRITES_AHEAD prepared chunks wait for theirs while the next one
  // is parsed, so a slow round trip does not leave the parser idle (nor a slow parse the database).
  const writes: Promise<void>[] = [];
  try {
    let chunk: SourceRow[] = [];
    for await (const row of input.rows) {
      chunk.push(row);
      if (chunk.length >= CHUNK_SIZE) {
        const prepared = prepareChunk(state, chunk);
        // Marked handled now; a rejection is still thrown where it is awaited.
        prepared.catch(() => {});
        const previous = writes.at(-1) ?? Promise.resolve();
        const write = previous
          .then(() => prepared)
          .then((p) => writeChunk(state, p))
          .then(() => refreshStatistics(state))
          .then(nextTurn);
        write.catch(() => {});
        writes.push(write);
        if (writes.length > WRITES_AHEAD) await writes.shift();
        chunk = [];
        // A turn for timers and I/O between chunks (see nextTurn): a large upload no longer holds the process.
        await nextTurn();
      }
    }
    for (const write of writes.splice(0)) await write;
    if (chunk.length > 0) await processChunk(state, chunk);
    await refreshStatistics(state);
  } catch (err) {
    await Promise.allSettled(writes);
    const known = err instanceof NoHeaderError || err instanceof InputError;
    await finishBatch(database.db, batchId, {
      status: 'failed',
      unmappedColumns: input.unmappedColumns?.() ?? [],
      columns: input.columns?.(),
      sheets: input.sheets?.(),
      warnings: state.warnings,
      error: known ? err.message : '导入中断（服务器内部错误），已写入的部分保留，可重新上传同一文件继续',
    });
    deps.log?.warn({ batchId, kind: input.kind, err: known ? err.message : err }, 'ingest batch failed');
    if (!known) throw err;
    return batchReport(database.db, batchId);
  }
  await finishBatch(database.db, batchId, {
    status: 'done',
    unmappedColumns: input.unmappedColumns?.() ?? [],
    columns: input.columns?.(),
    sheets: input.sheets?.(),
    warnings: state.warnings,
  });
  const fileHash = input.fileHash?.();
  if (fileHash)
    await database.db.update(ingestBatches).set({ fileHash }).where(eq(ingestBatches.id, batchId));
  deps.log?.info(
    { batchId, kind: input.kind, ms: Date.now() - started, ...state.totals },
    'ingest batch done',
  );
  return batchReport(database.db, batchId);
}

const ANALYZE_UNTIL = 8_000;
const TABLES = { posts: 'posts, post_sources, employers', people: 'people, person_sources' } as const;

/**
 * While a large batch fills a table, the planner's statistics lag behind it (autovacuum analyzes a minute or
 * more later), and the per-chunk lookups it plans for a table it believes small turn into scans of
 * everything written so far. So the batch analyzes its tables itself whenever the rows it wrote have doubled
 * since the last time (1,000, 2,000, 4,000, 8,000): by then every plan is the index plan a big table gets, and
 * analyzing again would only cost time (ANALYZE of a 100k-row posts table takes about a second).
 */
async function refreshStatistics(state: BatchState): Promise<void> {
  const written = state.totals.accepted + state.totals.updated;
  if (written < state.analyzeAt || state.analyzeAt > ANALYZE_UNTIL) return;
  state.analyzeAt = Math.max(state.analyzeAt * 2, written);
  await state.database.rows(sql.raw(`analyze ${TABLES[state.batch.kind]}`));
}
