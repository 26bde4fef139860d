import type { ListKind } from '@qihang/shared/domain/index';
import { compactText, isBlankValue } from '@qihang/shared/normalize/text';
import { type HeaderMapping, isFillDown, MIN_HEADER_FIELDS, mapHeaders } from '../mapping/headers';
import type { SourceRow } from '../types';

/** A spreadsheet row as read: its 1-based number and its cells, left to right. */
export interface TableRow {
  rowNumber: number;
  cells: unknown[];
}

export type Cell = string | number | boolean | Date | null;

/** Rows before the header that are titles or notes (2026年泸溪县求职需求清单, merged across the top). */
const HEADER_SEARCH_ROWS = 10;

export class NoHeaderError extends Error {
  constructor(readonly kind: ListKind) {
    super(
      kind === 'people'
        ? '未找到表头：前10行中没有可识别的列名（如 姓名、身份证号、户籍地）'
        : '未找到表头：前10行中没有可识别的列名（如 企业名称、岗位名称、工作地点）',
    );
    this.name = 'NoHeaderError';
  }
}

const isBlankCell = (v: unknown) => v == null || (typeof v === 'string' && isBlankValue(v));

/**
 * Turns table rows into records: finds the header row among the first rows, maps it, carries merged-cell
 * values down for the fields that span rows (the employer of several posts), and skips blank and total rows.
 * `onHeader` is told the mapping once it is known (for the report's unmapped columns).
 */
export async function* tableRecords(
  kind: ListKind,
  rows: AsyncIterable<TableRow>,
  onHeader: (mapping: HeaderMapping) => void,
): AsyncGenerator<SourceRow> {
  let mapping: HeaderMapping | undefined;
  let seen = 0;
  const carried = new Map<number, unknown>();
  for await (const row of rows) {
    if (!mapping) {
      seen++;
      const candidate = mapHeaders(kind, row.cells);
      if (candidate.fields.size >= MIN_HEADER_FIELDS) {
        mapping = candidate;
        onHeader(mapping);
      } else if (seen >= HEADER_SEARCH_ROWS) throw new NoHeaderError(kind);
      continue;
    }
    const record = toRecord(kind, mapping, row, carried);
    if (record) yield record;
  }
  if (!mapping) throw new NoHeaderError(kind);
}

const fillDownCache = new WeakMap<HeaderMapping, number[]>();
function fillDownColumns(kind: ListKind, mapping: HeaderMapping): number[] {
  let cols = fillDownCache.get(mapping);
  if (!cols) {
    cols = [...mapping.fields].filter(([, f]) => isFillDown(kind, f)).map(([i]) => i);
    fillDownCache.set(mapping, cols);
  }
  return cols;
}

function toRecord(
  kind: ListKind,
  mapping: HeaderMapping,
  row: TableRow,
  carried: Map<number, unknown>,
): SourceRow | null {
  const first = compactText(String(row.cells.find((c) => !isBlankCell(c)) ?? ''));
  if (first === '' || /^(合计|总计|小计|填表人|填报人|审核人|备注[:：])/.test(first)) return null;
  const fillDownCols = fillDownColumns(kind, mapping);
  // A row whose employer cells are all empty continues the employer above it (vertically merged cells).
  const continues = fillDownCols.length > 0 && fillDownCols.every((i) => isBlankCell(row.cells[i]));
  const raw: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const headerOf: Record<string, string> = {};
  for (const [i, header] of mapping.headers) {
    let value = row.cells[i];
    const field = mapping.fields.get(i);
    if (field && isFillDown(kind, field)) {
      if (continues) value = carried.get(i);
      else carried.set(i, value);
    }
    if (isBlankCell(value)) continue;
    raw[header] = value;
    if (field) {
      fields[field] = value;
      headerOf[field] = header;
    }
  }
  return Object.keys(fields).length === 0 ? null : { rowNumber: row.rowNumber, raw, fields, headerOf };
}

/** Maps one JSON record's keys (field names or Chinese headers) the same way as a header row. */
export function jsonRecord(kind: ListKind, rowNumber: number, record: Record<string, unknown>): SourceRow {
  const keys = Object.keys(record);
  const mapping = mapHeaders(kind, keys);
  const raw: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const headerOf: Record<string, string> = {};
  keys.forEach((key, i) => {
    const value = record[key];
    if (isBlankCell(value)) return;
    raw[key] = value;
    const field = mapping.fields.get(i);
    if (field) {
      fields[field] = value;
      headerOf[field] = key;
    }
  });
  return { rowNumber, raw, fields, headerOf };
}
