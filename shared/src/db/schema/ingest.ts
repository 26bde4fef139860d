import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ListKind } from '../../domain';
import { createdAt, id } from './columns';

/** One upload or feed pull of one of the two lists, with its report. */
export const ingestBatches = pgTable(
  'ingest_batches',
  {
    id: id(),
    kind: text('kind').$type<ListKind>().notNull(),
    source: text('source').notNull(),
    filename: text('filename'),
    /** SHA-256 of the file, so a re-upload can be recognised. */
    fileHash: text('file_hash'),
    status: text('status').$type<'running' | 'done' | 'failed'>().notNull().default('running'),
    accepted: integer('accepted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** Records that were a new source of a post or person already known from another source. */
    merged: integer('merged').notNull().default(0),
    /** Accepted rows with something for a person to check (e.g. a low-confidence occupation). */
    flagged: integer('flagged').notNull().default(0),
    /** [{ rowNumber, field, reason }] in Chinese, the first 1,000. */
    warnings: jsonb('warnings'),
    /** Why a batch failed as a whole (unreadable file), in Chinese. */
    error: text('error'),
    /** Columns of the file that no field could be mapped to. */
    unmappedColumns: text('unmapped_columns').array(),
    /** The workbook tab that was imported (XLSX). */
    sheet: text('sheet'),
    /** [{ sheet, rows }]: the workbook's other tabs that hold rows, not imported. */
    skippedSheets: jsonb('skipped_sheets')
      .$type<{ sheet: string; rows: number | null; hidden: boolean }[]>()
      .notNull()
      .default([]),
    /**
     * [{ field, label, column, passedOver }]: the column read for each field and the candidates passed over.
     * Corrections of the batch's rows are read with this same mapping.
     */
    columns: jsonb('columns')
      .$type<{ field: string; label: string; column: string | null; passedOver: string[] }[]>()
      .notNull()
      .default([]),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    /** Set when the batch starts and at every committed chunk: a running batch silent for long was cut off. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('ingest_batches_created_idx').on(t.createdAt)],
);

/** A row that failed validation, kept with its original values and reasons until corrected. */
export const rejectedRows = pgTable(
  'rejected_rows',
  {
    id: id(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => ingestBatches.id, { onDelete: 'cascade' }),
    rowNumber: integer('row_number').notNull(),
    /** Original values (an ID number is masked before it is kept). */
    raw: jsonb('raw').notNull(),
    /** [{ field, reason }] with reasons in Chinese. */
    errors: jsonb('errors').notNull(),
    status: text('status').$type<'open' | 'resubmitted' | 'discarded'>().notNull().default('open'),
    /** Hash of the original values: the same bad row uploaded again is not kept twice. */
    rowHash: text('row_hash'),
    /** Keyed hash of a valid ID number, so a corrected row can be resubmitted although the number is masked. */
    idNumberHash: text('id_number_hash'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('rejected_rows_batch_idx').on(t.batchId, t.rowNumber),
    index('rejected_rows_hash_idx').on(t.rowHash),
  ],
);
