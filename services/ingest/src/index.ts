/**
 * The ingest service's public API, called by the gateway and the CLI: the two lists from files, API
 * records and portal feeds, normalized and deduplicated, with a report for every batch.
 */
import type { Readable } from 'node:stream';
import { batchReport, failInterruptedBatches, SILENT_BATCH_MS } from './persist/batches';
import { runBatch } from './pipeline/run';
import { openFile } from './sources/files';
import { jsonRecords } from './sources/json';
import type { BatchReport, IngestDeps, ListKind } from './types';
import type { UploadScope } from './validation/scope';

export { failInterruptedBatches } from './persist/batches';
export {
  correctRejectedRow,
  listRejectedRows,
  type RejectedRowView,
  resubmitRejectedRow,
} from './rejected';
export { startFeedScheduler } from './sources/feed-scheduler';
export { type PollResult, pollFeed } from './sources/feeds';
export type { BatchReport, IngestDeps, ListKind, RowError, RowWarning } from './types';
export type { UploadScope } from './validation/scope';

export interface FileUpload {
  kind: ListKind;
  /** Who the records are from (a bureau, a facility, a portal); external ids are unique within it. */
  source: string;
  /** Decides the format (.xlsx or .csv) and is shown in the report. */
  filename: string;
  stream?: Readable;
  path?: string;
  createdBy?: string | null;
  /** The uploader's reach; rows outside it are rejected (see validation/scope.ts). */
  scope?: UploadScope;
}

/** Ingests an XLSX or CSV file of either list, streaming; returns the batch report. */
export async function ingestFile(deps: IngestDeps, upload: FileUpload): Promise<BatchReport> {
  const file = openFile(upload.kind, upload);
  return runBatch(deps, {
    kind: upload.kind,
    source: upload.source,
    filename: upload.filename,
    createdBy: upload.createdBy,
    scope: upload.scope,
    rows: file.records,
    unmappedColumns: file.unmappedColumns,
    columns: file.columns,
    sheets: file.sheets,
    fileHash: file.fileHash,
  });
}

/** Ingests records posted as JSON: one object, an array, or `{ records: [...] }`. */
export async function ingestRecords(
  deps: IngestDeps,
  input: {
    kind: ListKind;
    source: string;
    records: unknown;
    createdBy?: string | null;
    scope?: UploadScope;
  },
): Promise<BatchReport> {
  const rows = jsonRecords(input.kind, input.records);
  const unmapped = [
    ...new Set(rows.flatMap((r) => Object.keys(r.raw).filter((k) => !Object.values(r.headerOf).includes(k)))),
  ];
  return runBatch(deps, { ...input, rows, unmappedColumns: () => unmapped });
}

/** A batch's report; one still `running` that has been silent for long is reported (and kept) as failed. */
export async function getBatchReport(
  deps: Pick<IngestDeps, 'database'>,
  batchId: string,
): Promise<BatchReport> {
  await failInterruptedBatches(deps.database.db, { batchId, silentForMs: SILENT_BATCH_MS });
  return batchReport(deps.database.db, batchId);
}
