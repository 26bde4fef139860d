import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { idNumberCheckChar } from '@qihang/shared/privacy/id-number';
import ExcelJS from 'exceljs';

export const tmpDir = () => mkdtempSync(path.join(tmpdir(), 'qihang-ingest-'));

/** A valid resident ID number (correct check character) for a birth date and a sequence number. */
export function idNumber(region: string, birth: string, seq: number): string {
  const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * Writes a sheet the way a bureau would: a merged title row, the header row, then the data. `merges`
 * are extra ranges such as 'A3:A5' (an employer over three posts).
 */
export async function writeXlsx(
  file: string,
  title: string,
  header: string[],
  rows: unknown[][],
  merges: string[] = [],
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, header.length);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  for (const m of merges) ws.mergeCells(m);
  await wb.xlsx.writeFile(file);
  return file;
}
