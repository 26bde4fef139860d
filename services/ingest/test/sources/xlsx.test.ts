import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/pipeline/run';
import { NOT_XLSX, readXlsxRows } from '../../src/sources/xlsx';
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

  it('ends a file cut short, or bytes that are no XLSX, with a reason instead of waiting or crashing', async () => {
    const file = path.join(tmpDir(), 'whole.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('岗位');
    ws.addRow(['企业名称', '岗位名称']);
    for (let i = 0; i < 3000; i++) ws.addRow([`企业${i}`, `电焊工${i}`]);
    await wb.xlsx.writeFile(file);
    const bytes = readFileSync(file);
    const read = async (b: Buffer) => {
      let rows = 0;
      for await (const _ of readXlsxRows(new PassThrough().end(b))) rows++;
      return rows;
    };
    expect(await read(bytes)).toBe(3001);
    // Cut inside the sheet (the zip reader used to wait for the rest forever), inside the first entry, and
    // just before the end (the central directory).
    for (const cut of [20_000, 100, bytes.length - 30]) {
      const error = await read(bytes.subarray(0, cut)).catch((e: unknown) => e);
      expect(error, `cut at ${cut}`).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(NOT_XLSX);
    }
    for (const junk of [Buffer.from('姓名,性别\n张三,男\n'), Buffer.alloc(0)]) {
      await expect(read(junk)).rejects.toThrow(NOT_XLSX);
    }
  });

  it('passes an error of the input itself on as it is', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(
      (async () => {
        for await (const _ of readXlsxRows(failing)) {
        }
      })(),
    ).rejects.toThrow('connection reset');
  });
});
