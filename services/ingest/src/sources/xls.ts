import type { Readable } from 'node:stream';
import * as XLSX from '@e965/xlsx';
import { InputError } from '../pipeline/run';
import type { WorkbookSheets } from '../types';
import type { Cell, TableRow } from './table';
import { isInstructionsTab } from './xlsx';

/** An .xls holds at most 65,536 rows × 256 columns; a file past this is not a list. */
const MAX_XLS_BYTES = 100 * 1024 * 1024;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

export const NOT_XLS =
  '文件不是可读取的 Excel 97-2003 工作簿（.xls）：可能已损坏或设有密码。请在 Excel/WPS 中打开，取消密码后“另存为”Excel 工作簿（.xlsx）再上传';

/**
 * The rows of an old-format workbook (.xls, BIFF8 — what older systems and WPS still write), read with
 * SheetJS: the whole file at once (an .xls is at most 65,536 rows). The tab read is the first visible one
 * that is not instructions, like an XLSX; the other tabs holding rows are counted into `sheets.skipped`.
 * A number cell stays a number (so an ID number Excel held as a number is recognised); a number formatted
 * as a date becomes a Date at UTC midnight, as in XLSX.
 */
export async function* readXlsRows(
  input: Readable,
  sheets: WorkbookSheets = { sheet: null, skipped: [] },
): AsyncGenerator<TableRow> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += (chunk as Buffer).length;
    if (size > MAX_XLS_BYTES) throw new InputError('文件过大：请把清单拆成几个文件，或另存为 .xlsx 后上传');
    parts.push(chunk as Buffer);
  }
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(Buffer.concat(parts), { type: 'buffer', dense: true, cellNF: true, cellDates: false });
  } catch (err) {
    throw new InputError(NOT_XLS, { cause: err });
  }
  const meta = wb.Workbook?.Sheets ?? [];
  const tabs = wb.SheetNames.map((name, i) => ({ name, hidden: (meta[i]?.Hidden ?? 0) !== 0 }));
  const chosen =
    tabs.find((t) => !t.hidden && !isInstructionsTab(t.name)) ?? tabs.find((t) => !t.hidden) ?? tabs[0];
  if (!chosen) throw new InputError(NOT_XLS);
  sheets.sheet = chosen.name;
  sheets.skipped = tabs
    .filter((t) => t !== chosen)
    .map((t) => ({ sheet: t.name, rows: filledRows(wb.Sheets[t.name]), hidden: t.hidden }))
    .filter((t) => t.rows !== 0);
  const data = (wb.Sheets[chosen.name]?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    yield { rowNumber: r + 1, cells: row.map((c) => cellValue(c)) };
  }
}

function cellValue(c: XLSX.CellObject | undefined): Cell {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return String(c.v ?? '');
    case 'b':
      return c.v === true;
    case 'n': {
      const n = Number(c.v);
      if (c.z && typeof c.z === 'string' && XLSX.SSF.is_date(c.z))
        return new Date(EXCEL_EPOCH_MS + Math.round(n * 86_400_000));
      return n;
    }
    case 'd':
      return c.v instanceof Date ? c.v : null;
    default:
      return null;
  }
}

function filledRows(ws: XLSX.WorkSheet | undefined): number {
  const data = (ws?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  return data.filter((row) => row?.some((c) => c && c.t !== 'z' && c.v !== undefined && c.v !== '')).length;
}
