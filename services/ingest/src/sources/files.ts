import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { ListKind } from '@qihang/shared/domain/index';
import type { ColumnChoice, HeaderMapping } from '../mapping/headers';
import { InputError } from '../pipeline/run';
import type { SourceRow, WorkbookSheets } from '../types';
import { readCsvRows } from './csv';
import { type TableRow, tableRecords } from './table';
import { readXlsxRows } from './xlsx';

export type FileFormat = 'xlsx' | 'csv';

export function formatOf(filename: string): FileFormat {
  const ext = path.extname(filename).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xls' || ext === '.et' || ext === '.wps')
    throw new InputError(`不支持旧版 ${ext} 文件，请在 Excel/WPS 中另存为 .xlsx 后上传`);
  throw new InputError(`不支持的文件类型“${ext || filename}”，请上传 .xlsx 或 .csv 文件`);
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
  const format = formatOf(input.filename);
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
  const rows: AsyncIterable<TableRow> = format === 'xlsx' ? readXlsxRows(tee, sheets) : readCsvRows(tee);
  let mapping: HeaderMapping | undefined;
  return {
    records: tableRecords(
      kind,
      rows,
      (m) => {
        mapping = m;
      },
      format,
    ),
    unmappedColumns: () => mapping?.unmapped ?? [],
    columns: () => mapping?.choices ?? [],
    sheets: () => sheets,
    fileHash: () => digest,
  };
}
