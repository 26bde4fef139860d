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
const HEADER_SEARCH_ROWS = 20;

export class NoHeaderError extends Error {
  constructor(readonly kind: ListKind) {
    super(
      kind === 'people'
        ? '未找到表头：前20行中没有可识别的列名（如 姓名、身份证号、户籍地）'
        : '未找到表头：前20行中没有可识别的列名（如 企业名称、岗位名称、工作地点）',
    );
    this.name = 'NoHeaderError';
  }
}

const isBlankCell = (v: unknown) => v == null || (typeof v === 'string' && isBlankValue(v));

/**
 * The header among the first rows: the row naming the most fields. A group header row above it (基本信息 /
 * 求职意向, merged across its columns) gives the columns their groups; a sub-header row below it (联系方式
 * over 本人手机 / 家庭电话, the other headers merged down over both rows) is read into it. Returns the
 * mapping and the index, in `rows`, of the header's last row.
 */
export function findHeader(
  kind: ListKind,
  rows: readonly TableRow[],
): { mapping: HeaderMapping; last: number } | null {
  let best = -1;
  let bestFields = MIN_HEADER_FIELDS - 1;
  const single = rows.map((r) => mapHeaders(kind, r.cells));
  single.forEach((m, i) => {
    if (m.fields.size > bestFields) {
      best = i;
      bestFields = m.fields.size;
    }
  });
  if (best < 0) return null;
  const upper = rows[best]!.cells;
  const below = rows[best + 1];
  // A sub-header names fields in most of its cells; a data row (包吃住, 学历不限) only in a few.
  const lowerMapped = below ? single[best + 1]!.named : 0;
  const lowerFilled = below ? below.cells.filter((c) => !isBlankCell(c)).length : 0;
  if (below && lowerMapped >= MIN_HEADER_FIELDS && lowerMapped >= 0.6 * lowerFilled) {
    const width = Math.max(upper.length, below.cells.length);
    const cells: unknown[] = [];
    const groups: unknown[] = [];
    for (let i = 0; i < width; i++) {
      const lower = below.cells[i];
      cells[i] = isBlankCell(lower) ? upper[i] : lower;
      groups[i] = isBlankCell(lower) ? null : (upper[i] ?? null);
    }
    // A column whose upper cell is blank belongs to the group to its left (merged across).
    let group: unknown = null;
    for (let i = 0; i < width; i++) {
      if (!isBlankCell(upper[i])) group = isBlankCell(below.cells[i]) ? null : upper[i];
      else if (!isBlankCell(below.cells[i])) groups[i] = group;
    }
    return { mapping: mapHeaders(kind, cells, groups), last: best + 1 };
  }
  const above = best > 0 ? rows[best - 1]!.cells : [];
  return { mapping: mapHeaders(kind, upper, above), last: best };
}

/**
 * Turns table rows into records: finds the header among the first rows, maps it, carries merged-cell
 * values down for the fields that span rows (the employer of several posts), and skips blank and total rows.
 * `onHeader` is told the mapping once it is known (for the report's columns).
 */
export async function* tableRecords(
  kind: ListKind,
  rows: AsyncIterable<TableRow>,
  onHeader: (mapping: HeaderMapping) => void,
  format?: SourceRow['format'],
): AsyncGenerator<SourceRow> {
  let mapping: HeaderMapping | undefined;
  const head: TableRow[] = [];
  const carried = new Map<number, unknown>();
  const found = () => {
    const h = findHeader(kind, head);
    if (!h) throw new NoHeaderError(kind);
    mapping = h.mapping;
    onHeader(mapping);
    return head.slice(h.last + 1);
  };
  for await (const row of rows) {
    if (!mapping) {
      head.push(row);
      if (head.length < HEADER_SEARCH_ROWS) continue;
      for (const r of found()) {
        const record = toRecord(kind, mapping!, r, carried, format);
        if (record) yield record;
      }
      continue;
    }
    const record = toRecord(kind, mapping, row, carried, format);
    if (record) yield record;
  }
  if (!mapping) {
    for (const r of found()) {
      const record = toRecord(kind, mapping!, r, carried, format);
      if (record) yield record;
    }
  }
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

/**
 * Whether a row continues the employer above it (its cells merged down): the employer's name cell decides
 * when there is one — blank: the same employer, whose blank cells are carried down (a contact phone given per
 * post does not break the merge); written: a new employer, nothing carried. Without a name column, a row
 * continues only when all its employer cells are blank.
 */
function continuesAbove(kind: ListKind, mapping: HeaderMapping, row: TableRow): boolean {
  const cols = fillDownColumns(kind, mapping);
  if (cols.length === 0) return false;
  const nameCol = cols.find((i) => mapping.fields.get(i) === 'employerName');
  if (nameCol !== undefined) return isBlankCell(row.cells[nameCol]);
  return cols.every((i) => isBlankCell(row.cells[i]));
}

function toRecord(
  kind: ListKind,
  mapping: HeaderMapping,
  row: TableRow,
  carried: Map<number, unknown>,
  format: SourceRow['format'],
): SourceRow | null {
  const first = compactText(String(row.cells.find((c) => !isBlankCell(c)) ?? ''));
  if (first === '' || /^(合计|总计|小计|填表人|填报人|审核人|备注[:：])/.test(first)) return null;
  const continues = continuesAbove(kind, mapping, row);
  const raw: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const headerOf: Record<string, string> = {};
  for (const [i, header] of mapping.headers) {
    let value = row.cells[i];
    const field = mapping.fields.get(i);
    if (field && isFillDown(kind, field)) {
      if (!continues) carried.set(i, value);
      else if (isBlankCell(value)) value = carried.get(i);
    }
    if (isBlankCell(value)) continue;
    raw[header] = value;
    if (field) {
      fields[field] = value;
      headerOf[field] = header;
    }
  }
  if (Object.keys(fields).length === 0) return null;
  const record: SourceRow = { rowNumber: row.rowNumber, raw, fields, headerOf };
  if (format) record.format = format;
  return record;
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
