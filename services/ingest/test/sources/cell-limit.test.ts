import path from 'node:path';
import { PassThrough } from 'node:stream';
import { rejectedRows } from '@qihang/shared/db/schema/index';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, listRejectedRows } from '../../src/index';
import { CUT_MARK, textRunCap } from '../../src/sources/cell-limit';
import { readSharedStrings } from '../../src/sources/xlsx-parts';
import { ingestTestDatabase } from '../helpers/db';
import { idNumber, tmpDir, writeXlsx } from '../helpers/fixtures';

describe('a text run longer than a cell may be', () => {
  it('is cut before the parser, across chunks, ending in the cut mark; tags pass whole', () => {
    const cap = textRunCap(10);
    const out = ['<si><t>abcdef', 'ghijklmnop', 'qrstu</t></si><si><t>short</t></si>'].map(cap).join('');
    expect(out).toBe(`<si><t>abcdefghij${CUT_MARK}</t></si><si><t>short</t></si>`);
  });

  it('finishes an entity it is in the middle of, so the XML still parses', () => {
    const cap = textRunCap(10);
    expect(cap('<t>abcdefgh&amp;xyzxyz</t>')).toBe(`<t>abcdefgh&amp;${CUT_MARK}</t>`);
  });

  it('never reaches the parser whole: a 20 MB shared string is held as ~330 thousand characters', async () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    const xml = `<sst><si><t>${huge}</t></si><si><t>姓名</t></si></sst>`;
    const strings = await readSharedStrings(new PassThrough().end(Buffer.from(xml)));
    expect(strings[0]!.length).toBeLessThan(400_000);
    expect(strings[0]!.endsWith(CUT_MARK)).toBe(true);
    expect(strings[1]).toBe('姓名');
  });
});

describe('uploads with a cell over 32,767 characters', () => {
  let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
  beforeAll(async () => {
    t = await ingestTestDatabase('pglite');
  });
  afterAll(async () => t?.cleanup());

  it('reject that row with the reason, import the others, and keep only a capped copy of it', async () => {
    const file = path.join(tmpDir(), 'long-cell.xlsx');
    const header = ['姓名', '身份证号', '户籍地', '工作经历'];
    await writeXlsx(file, '求职需求清单', header, [
      ['张三', idNumber('433122', '19850304', 11), '泸溪县', '电焊'.repeat(20_000)],
      ['李四', idNumber('433122', '19860304', 12), '泸溪县', '叉车'],
    ]);
    const report = await ingestFile(t.deps, {
      kind: 'people',
      source: 'facility',
      filename: 'long-cell.xlsx',
      path: file,
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 1 });
    expect(report.rejectedRows).toEqual([
      {
        rowNumber: 3,
        errors: [{ field: '工作经历', reason: '单元格内容超过 Excel 的上限（32,767 个字符），整行未导入' }],
      },
    ]);
    const [row] = await listRejectedRows(t.deps, { batchId: report.batchId });
    const kept = String(row!.raw.工作经历);
    expect(kept.length).toBeLessThan(5_100);
    expect(kept).toMatch(/已截断/);
    const [stored] = await t.database.db
      .select()
      .from(rejectedRows)
      .where(eq(rejectedRows.batchId, report.batchId));
    expect(JSON.stringify(stored!.raw).length).toBeLessThan(6_000);
  });
});
