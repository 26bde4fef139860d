import { createReadStream } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsxRows } from '../../src/sources/xlsx';
import { tmpDir } from '../helpers/fixtures';

async function rowsOf(file: string) {
  const out: unknown[][] = [];
  for await (const r of readXlsxRows(createReadStream(file))) out.push([r.rowNumber, ...r.cells]);
  return out;
}

describe('xlsx source', () => {
  it('reads shared and inline strings, rich text, formulas, booleans and date cells', async () => {
    const file = path.join(tmpDir(), 'cells.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    ws.addRow(['姓名', '出所日期', '人数', '备注', '是否']);
    ws.addRow([
      { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] },
      new Date(Date.UTC(2026, 2, 5)),
      { formula: '1+2', result: 3 },
      '濟南&lt;历下&gt;',
      true,
    ]);
    ws.getCell('B2').numFmt = 'yyyy/m/d';
    ws.addRow([]);
    ws.getCell('D4').value = '跳过的列';
    wb.addWorksheet('说明').addRow(['不读']);
    await wb.xlsx.writeFile(file);
    const rows = await rowsOf(file);
    expect(rows[0]).toEqual([1, '姓名', '出所日期', '人数', '备注', '是否']);
    expect(rows[1]).toEqual([2, '张三', new Date(Date.UTC(2026, 2, 5)), 3, '濟南&lt;历下&gt;', true]);
    expect(rows.at(-1)).toEqual([4, undefined, undefined, undefined, '跳过的列']);
    expect(rows.flat()).not.toContain('不读');
  });

  it('streams a file written row by row with inline strings (as the demo lists are)', async () => {
    const file = path.join(tmpDir(), 'stream.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useSharedStrings: false,
      useStyles: true,
    });
    const ws = wb.addWorksheet('岗位');
    ws.addRow(['企业名称', '岗位名称']).commit();
    for (let i = 0; i < 2000; i++) ws.addRow([`企业${i}`, '电焊工']).commit();
    await wb.commit();
    const rows = await rowsOf(file);
    expect(rows).toHaveLength(2001);
    expect(rows[2000]).toEqual([2001, '企业1999', '电焊工']);
  });
});
