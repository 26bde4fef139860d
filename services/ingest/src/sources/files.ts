import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { ListKind } from '@qihang/shared/domain/index';
import type { ColumnChoice, HeaderMapping } from '../mapping/headers';
import { InputError } from '../pipeline/run';
import type { SourceRow, WorkbookSheets } from '../types';
import { readCsvRows } from './csv';
import { sniff } from './sniff';
import { type TableRow, tableRecords } from './table';
import { readXlsRows } from './xls';
import { readXlsxRows } from './xlsx';

export type FileFormat = 'xlsx' | 'xls' | 'csv';

/**
 * The format a file's name promises. Only a hint: the bytes decide (sources/sniff.ts), so an .xls renamed
 * .xlsx is read as what it is. Names of other documents are refused with what to upload instead.
 */
export function formatOf(filename: string): FileFormat {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.xls' || ext === '.et') return 'xls';
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  throw new InputError(
    `不支持的文件类型“${ext || filename}”：请上传 Excel 工作簿（.xlsx 或 .xls）、CSV 或文本文件（.txt）`,
  );
}

export interface OpenedFile {
  records: AsyncIterable<SourceRow>;
  unmappedColumns: () => string[];
  columns: () => ColumnChoice[];
  /** The workbook tab read and the other tabs that hold rows (not imported); complete once the records are. */
  sheets: () => WorkbookSheets;
  /** SHA-256 of the bytes read, complete once the records are exhausted. */
  fileHash: () => string | null;
}

/** Opens an upload as a stream of records, hashing the bytes as they pass. */
export function openFile(
  kind: ListKind,
  input: { stream?: Readable; path?: string; filename: string },
): OpenedFile {
  const source = input.stream ?? (input.path ? createReadStream(input.path) : null);
  if (!source) throw new InputError('没有上传文件');
  const hash = createHash('sha256');
  let digest: string | null = null;
  const tee = new PassThrough();
  source.on('data', (chunk: Buffer) => hash.update(chunk));
  source.on('end', () => {
    digest = hash.digest('hex');
  });
  source.on('error', (err: Error) => tee.destroy(err));
  source.pipe(tee);
  const sheets: WorkbookSheets = { sheet: null, skipped: [] };
  let read: FileFormat | undefined;
  async function* rows(): AsyncGenerator<TableRow> {
    // Refused inside the rows, so the batch fails with the reason (the API's report says it, in Chinese).
    formatOf(input.filename);
    const { kind, stream } = await sniff(tee);
    read = kind === 'text' ? 'csv' : kind;
    if (kind === 'xlsx') yield* readXlsxRows(stream, sheets);
    else if (kind === 'xls') yield* readXlsRows(stream, sheets);
    else yield* readCsvRows(stream);
  }
  let mapping: HeaderMapping | undefined;
  return {
    records: tableRecords(
      kind,
      rows(),
      (m) => {
        mapping = m;
      },
      () => read,
    ),
    unmappedColumns: () => mapping?.unmapped ?? [],
    columns: () => mapping?.choices ?? [],
    sheets: () => sheets,
    fileHash: () => digest,
  };
}
