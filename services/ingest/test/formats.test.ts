import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { people } from '@qihang/shared/db/schema/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../src/index';
import { ingestTestDatabase } from './helpers/db';
import { idNumber, tmpDir } from './helpers/fixtures';

/** Files as older systems and Excel's "save as" write them: .xls (BIFF8), Unicode text, GBK .txt. */

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
const dir = tmpDir();
const zhang = idNumber('433122', '19850304', 11);
const li = idNumber('433122', '19900101', 22);

beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

/** A BIFF8 workbook as Excel 97-2003 / WPS save it: 填表说明 first, the list second. */
function xlsBytes(): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([['填表说明'], ['身份证号请设为文本']]),
    '填表说明',
  );
  const ws = XLSX.utils.aoa_to_sheet([
    ['泸溪县求职需求清单'],
    ['姓名', '身份证号码', '户籍地', '是否愿意培训'],
    ['张三', zhang, '泸溪县', '是'],
    // An ID number held in a number cell: the 15 digits Excel keeps.
    ['王五', 433122198503110000, '泸溪县', '否'],
  ]);
  XLSX.utils.book_append_sheet(wb, ws, '清单');
  return XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
}

const ingest = (filename: string, bytes: Buffer, source = filename) => {
  const file = path.join(dir, filename);
  writeFileSync(file, bytes);
  return ingestFile(t.deps, { kind: 'people', source, filename, path: file });
};

describe('old and plain formats', () => {
  it('reads an .xls, keeping a number-cell ID number untrusted', async () => {
    const report = await ingest('清单.xls', xlsBytes());
    expect(report).toMatchObject({ status: 'done', sheet: '清单', accepted: 1 });
    expect(report.rejectedRows).toEqual([
      { rowNumber: 4, errors: [{ field: '身份证号码', reason: expect.stringContaining('保存成了数字') }] },
    ]);
  });

  it('reads an .xls renamed .xlsx by what it is, not by its name', async () => {
    const report = await ingest('改名.xlsx', xlsBytes(), 'renamed');
    expect(report).toMatchObject({ status: 'done', error: null, accepted: 1 });
  });

  it('reads Excel\'s "Unicode 文本" (UTF-16, tab-separated) and a GBK .txt', async () => {
    const text = `姓名\t身份证号码\t户籍地\r\n李四\t${li}\t湘西州泸溪县\r\n`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const a = await ingest('unicode.txt', utf16);
    expect(a).toMatchObject({ status: 'done', accepted: 1, rejected: 0 });
    // 姓名,身份证号码,户籍地 / 张三,<ID number>,泸溪县 as Excel on Chinese Windows saves it (GBK).
    const gbk = Buffer.concat([
      Buffer.from('d0d5c3fb2cc9edb7ddd6a4bac5c2eb2cbba7bcaeb5d80d0ad5c5c8fd2c', 'hex'),
      Buffer.from(zhang),
      Buffer.from('2ce3f2cfaacfd80d0a', 'hex'),
    ]);
    const b = await ingest('gbk.txt', gbk);
    expect(b).toMatchObject({ status: 'done', accepted: 1, rejected: 0 });
    const rows = await t.database.db.select({ name: people.name }).from(people);
    expect(rows.map((r) => r.name).sort()).toEqual(['张三', '李四']);
  });

  it('refuses what is no list with a Chinese reason saying what to upload', async () => {
    const pdf = await ingest('清单.pdf', Buffer.from('%PDF-1.7\n...'));
    expect(pdf.status).toBe('failed');
    expect(pdf.error).toMatch(/请上传/);
    const html = await ingest('导出.xls', Buffer.from('<html><table><tr><td>姓名</td></tr></table></html>'));
    expect(html).toMatchObject({ status: 'failed', error: expect.stringContaining('另存为') });
    const damaged = await ingest(
      '坏.xls',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
    );
    expect(damaged).toMatchObject({ status: 'failed', error: expect.stringContaining('.xls') });
  });
});
