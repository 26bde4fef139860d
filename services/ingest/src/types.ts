import type { Database } from '@qihang/shared/db/client';
import type { ListKind } from '@qihang/shared/domain/index';
import type { Logger } from '@qihang/shared/log/index';
import type { Embedder } from '@qihang/shared/normalize/occupations';
import type { ColumnChoice } from './mapping/headers';

export type { ColumnChoice, ListKind };

export interface IngestDeps {
  database: Database;
  /** Key of the ID-number hash (config.secrets.idHashKey). */
  idHashKey: string;
  /** The matcher's embedder, for titles the occupation dictionary does not know. Optional. */
  embedder?: Embedder;
  log?: Logger;
}

/** One record as it came in: its row number (1-based, as the spreadsheet shows it) and values by header. */
export interface SourceRow {
  rowNumber: number;
  /** Original values keyed by the header as written (or the JSON key); blanks left out. */
  raw: Record<string, unknown>;
  /** Values keyed by field (see mapping/fields.ts). */
  fields: Record<string, unknown>;
  /** Field → the header it came from, for reasons that name the column the official sees. */
  headerOf: Record<string, string>;
  /**
   * The file the row came from: a CSV cannot show cell types, so some evidence (an ID number that a number
   * cell truncated) is read from the text's shape there. Absent for API records and corrections.
   */
  format?: 'xlsx' | 'xls' | 'csv';
  /** For a resubmitted row whose ID number was kept masked: the keyed hash taken when it was first read. */
  knownIdNumberHash?: string;
}

/** Which tab of a workbook was imported, and the other tabs that hold rows (they are not imported). */
export interface WorkbookSheets {
  sheet: string | null;
  skipped: SkippedSheet[];
}

/** A tab of a workbook that was not imported. */
export interface SkippedSheet {
  sheet: string;
  /** Rows holding a value or a formula; null when the tab's XML could not be read. */
  rows: number | null;
  /** Hidden in Excel (often the values of a dropdown). */
  hidden: boolean;
}

export interface RowError {
  /** The column as the official sees it (its header), or the field's Chinese name. */
  field: string;
  /** In Chinese. */
  reason: string;
}

export interface RowWarning extends RowError {
  rowNumber: number;
  /** A person should check what the row was normalized to (counted as flagged). */
  review: boolean;
}

export interface RejectedRowReport {
  rowNumber: number;
  errors: RowError[];
}

export interface BatchReport {
  batchId: string;
  kind: ListKind;
  source: string;
  filename: string | null;
  status: 'running' | 'done' | 'failed';
  accepted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Of the accepted, those that joined a post or person already known from another source. */
  merged: number;
  /** Accepted rows with something to check (see warnings). */
  flagged: number;
  unmappedColumns: string[];
  /** For each field: the column read, and the candidate columns passed over (家庭联系电话 for 本人手机号). */
  columns: ColumnChoice[];
  /** The workbook tab that was imported (XLSX; null for CSV and JSON). */
  sheet: string | null;
  /** The workbook's other tabs that hold rows: not imported (one list a file, from its first visible tab). */
  skippedSheets: WorkbookSheets['skipped'];
  rejectedRows: RejectedRowReport[];
  warnings: RowWarning[];
  error: string | null;
}
