import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/pipeline/run';
import { NOT_XLSX, readXlsxRows, TOO_LARGE } from '../../src/sources/xlsx';
import type { WorkbookSheets } from '../../src/types';
import { tmpDir } from '../helpers/fixtures';

async function rowsOf(file: string) {
  const out: unknown[][] = [];
  for await (const r of readXlsxRows(createReadStream(file))) out.push([r.rowNumber, ...r.cells]);
  return out;
}

/** A zip of uncompressed entries (local headers, then the central directory), as any zip writer makes. */
function storedZip(entries: [name: string, text: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A worksheet of inline strings, as some writers make them. */
const sheetXml = (rows: string[][]) =>
  `<worksheet><sheetData>${rows
    .map(
      (cells, i) =>
        `<row r="${i + 1}">${cells.map((c) => `<c t="inlineStr"><is><t>${c}</t></is></c>`).join('')}</row>`,
    )
    .join('')}</sheetData></worksheet>`;
const workbook = (sheets: string, prefix = '') =>
  `<${prefix}workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${prefix}sheets>${sheets}</${prefix}sheets></${prefix}workbook>`;
const rels = (targets: string[]) =>
  `<Relationships>${targets.map((t, i) => `<Relationship Id="rId${i + 1}" Target="${t}"/>`).join('')}</Relationships>`;
/** A zip's rows and what it says of its tabs. */
const readZip = async (zip: Buffer) => {
  const sheets: WorkbookSheets = { sheet: null, skipped: [] };
  const rows: unknown[][] = [];
  for await (const r of readXlsxRows(new PassThrough().end(zip), sheets)) rows.push(r.cells);
  return { rows, sheets };
};

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
    // Cut anywhere: inside each entry (those read and those skipped; the reader used to wait forever for
    // the rest of an entry, or fail outside any handler) and in the central directory at the end.
    const step = Math.ceil(bytes.length / 80);
    for (let cut = 1; cut < bytes.length; cut += step) {
      const error = await read(bytes.subarray(0, cut)).catch((e: unknown) => e);
      expect(error, `cut at ${cut} of ${bytes.length}`).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(NOT_XLSX);
    }
    expect(await read(bytes.subarray(0, bytes.length - 30)).catch((e: unknown) => e)).toBeInstanceOf(
      InputError,
    );
    for (const junk of [Buffer.from('姓名,性别\n张三,男\n'), Buffer.alloc(0)]) {
      await expect(read(junk)).rejects.toThrow(NOT_XLSX);
    }
  });

  it("reads the workbook's first visible tab and counts the rows of the tabs it does not read", async () => {
    const file = path.join(tmpDir(), 'tabs.xlsx');
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('下拉选项', { state: 'hidden' });
    for (const v of ['男', '女']) hidden.addRow([v]);
    wb.addWorksheet('湘西州').addRows([
      ['姓名', '户籍地'],
      ['张三', '泸溪县'],
      ['李四', '吉首市'],
    ]);
    const liucheng = wb.addWorksheet('柳城县');
    liucheng.addRows([['姓名', '户籍地'], ['王五', '柳城县'], [], ['赵六', '柳城县']]);
    wb.addWorksheet('Sheet3');
    await wb.xlsx.writeFile(file);
    const sheets: WorkbookSheets = { sheet: null, skipped: [] };
    const rows: unknown[][] = [];
    for await (const r of readXlsxRows(createReadStream(file), sheets)) rows.push(r.cells);
    expect(rows).toEqual([
      ['姓名', '户籍地'],
      ['张三', '泸溪县'],
      ['李四', '吉首市'],
    ]);
    expect(sheets).toEqual({
      sheet: '湘西州',
      skipped: [
        { sheet: '下拉选项', rows: 2, hidden: true },
        { sheet: '柳城县', rows: 3, hidden: false },
      ],
    });
  });

  it("takes the tabs in the workbook's order, not the order of the parts in the file", async () => {
    const zip = storedZip([
      ['[Content_Types].xml', '<Types/>'],
      [
        'xl/workbook.xml',
        workbook(
          '<sheet name="岗位清单" sheetId="2" r:id="rId2"/><sheet name="旧表" sheetId="1" r:id="rId1"/>',
        ),
      ],
      ['xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml', '/xl/worksheets/sheet2.xml'])],
      ['xl/worksheets/sheet1.xml', sheetXml([['旧的'], ['旧的']])],
      [
        'xl/worksheets/sheet2.xml',
        sheetXml([
          ['企业名称', '岗位名称'],
          ['甲公司', '电焊工'],
        ]),
      ],
    ]);
    const { rows, sheets } = await readZip(zip);
    expect(rows).toEqual([
      ['企业名称', '岗位名称'],
      ['甲公司', '电焊工'],
    ]);
    expect(sheets).toEqual({ sheet: '岗位清单', skipped: [{ sheet: '旧表', rows: 2, hidden: false }] });
  });

  describe('workbooks as other writers make them', () => {
    const A = sheetXml([['企业名称'], ['甲']]);
    const B = sheetXml([['企业名称'], ['乙'], ['丙']]);

    it("resolves '../' targets and names that differ in case, and reads a prefixed tab list", async () => {
      const zip = storedZip([
        ['[Content_Types].xml', '<Types/>'],
        [
          'xl/workbook.xml',
          workbook('<x:sheet name="甲表" r:id="rId1"/><x:sheet name="乙表" r:id="rId2"/>', 'x:'),
        ],
        ['xl/_rels/workbook.xml.rels', rels(['../xl/worksheets/Sheet1.xml', 'worksheets/sheet2.xml'])],
        ['xl/worksheets/sheet2.xml', B],
        ['xl/worksheets/sheet1.xml', A],
      ]);
      expect(await readZip(zip)).toEqual({
        rows: [['企业名称'], ['甲']],
        sheets: { sheet: '甲表', skipped: [{ sheet: '乙表', rows: 3, hidden: false }] },
      });
    });

    it('imports the rows of a tab once, though the zip holds its entry twice', async () => {
      const zip = storedZip([
        ['[Content_Types].xml', '<Types><Override PartName="/xl/worksheets/sheet1.xml"/></Types>'],
        ['xl/worksheets/sheet1.xml', A],
        ['xl/worksheets/sheet1.xml', A],
      ]);
      expect((await readZip(zip)).rows).toEqual([['企业名称'], ['甲']]);
    });

    it('says a tab it does not import could not be read, and still imports the first', async () => {
      const zip = storedZip([
        ['[Content_Types].xml', '<Types/>'],
        ['xl/workbook.xml', workbook('<sheet name="甲表" r:id="rId1"/><sheet name="坏表" r:id="rId2"/>')],
        ['xl/_rels/workbook.xml.rels', rels(['worksheets/sheet1.xml', 'worksheets/sheet2.xml'])],
        ['xl/worksheets/sheet1.xml', A],
        ['xl/worksheets/sheet2.xml', '<worksheet><sheetData><row></sheetData>'],
      ]);
      expect(await readZip(zip)).toEqual({
        rows: [['企业名称'], ['甲']],
        sheets: { sheet: '甲表', skipped: [{ sheet: '坏表', rows: null, hidden: false }] },
      });
    });
  });

  it('ends a workbook of several tabs cut short with the reason, leaving no temporary files', async () => {
    const file = path.join(tmpDir(), 'tabs.xlsx');
    const wb = new ExcelJS.Workbook();
    for (const name of ['甲', '乙', '丙']) {
      const ws = wb.addWorksheet(name);
      for (let i = 0; i < 300; i++) ws.addRow([`${name}${i}`, i]);
    }
    await wb.xlsx.writeFile(file);
    const bytes = readFileSync(file);
    const spools = () => readdirSync(tmpdir()).filter((f) => f.startsWith('qihang-xlsx-')).length;
    const before = spools();
    const step = Math.ceil(bytes.length / 120);
    for (let cut = 1; cut < bytes.length; cut += step) {
      const error = await (async () => {
        for await (const _ of readXlsxRows(new PassThrough().end(bytes.subarray(0, cut)))) {
        }
      })().catch((e: unknown) => e);
      expect((error as Error).message, `cut at ${cut} of ${bytes.length}`).toBe(NOT_XLSX);
    }
    expect(spools()).toBe(before);
  });

  it('refuses a workbook whose sheets unpack to more than it may hold on disk, saying why', async () => {
    const file = path.join(tmpDir(), 'big.xlsx');
    const wb = new ExcelJS.Workbook();
    for (const name of ['甲', '乙']) {
      const ws = wb.addWorksheet(name);
      for (let i = 0; i < 2000; i++) ws.addRow(['同一行重复的内容', i]);
    }
    // exceljs writes the tab list last: both sheets are held on disk until it is read.
    await wb.xlsx.writeFile(file);
    const read = async (maxSpoolBytes: number) => {
      let rows = 0;
      for await (const _ of readXlsxRows(createReadStream(file), undefined, { maxSpoolBytes })) rows++;
      return rows;
    };
    await expect(read(50_000)).rejects.toThrow(TOO_LARGE);
    expect(await read(10_000_000)).toBe(2000);
  });

  it('refuses a workbook whose shared strings unpack to more than it may hold in memory', async () => {
    const file = path.join(tmpDir(), 'strings.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('清单');
    for (let i = 0; i < 2000; i++) ws.addRow([`不重复的文字${i}`]);
    await wb.xlsx.writeFile(file);
    const read = async (maxSharedStringsBytes: number) => {
      let rows = 0;
      for await (const _ of readXlsxRows(createReadStream(file), undefined, { maxSharedStringsBytes }))
        rows++;
      return rows;
    };
    await expect(read(10_000)).rejects.toThrow(TOO_LARGE);
    expect(await read(10_000_000)).toBe(2000);
  });

  it("says so when a sheet's XML does not parse", async () => {
    const sheet =
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>企业名称</t></is></c></row>';
    const broken = storedZip([
      ['[Content_Types].xml', '<Types/>'],
      ['xl/worksheets/sheet1.xml', `${sheet}</sheetData></row></worksheet>`],
    ]);
    const error = await (async () => {
      for await (const _ of readXlsxRows(new PassThrough().end(broken))) {
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(NOT_XLSX);
    expect(String((error as Error).cause)).toMatch(/XML/);
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
