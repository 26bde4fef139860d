import path from 'node:path';
import { employers, ingestBatches, people, posts } from '@qihang/shared/db/schema/index';
import { idNumberCheckChar, isValidIdNumber } from '@qihang/shared/privacy/id-number';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { correctRejectedRow, ingestFile, listRejectedRows, resubmitRejectedRow } from '../src/index';
import { ingestTestDatabase } from './helpers/db';
import { idNumber, tmpDir } from './helpers/fixtures';

/**
 * Lists made the way a county bureau makes them in Excel/WPS: an instructions tab first, a merged title, a
 * merged group header row (基本信息 / 联系方式 / 求职意向) above the field names, ID numbers typed into cells
 * that Excel turned into numbers, a family phone column before the person's own, an employer cell merged
 * down over its posts.
 */

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
const dir = tmpDir();
const year = new Date().getFullYear();
const bureau = { regionCode: '433100' };

beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

/**
 * An ID number whose Excel truncation (last three digits → 000) still passes the check character: the case
 * that was accepted as a different identity.
 */
function idTruncatedToValid(): { real: string; truncated: string } {
  for (let day = 1; day <= 28; day++) {
    const first15 = `433101198503${String(day).padStart(2, '0')}0`;
    if (idNumberCheckChar(`${first15}00`) !== '0') continue;
    const first17 = `${first15}47`;
    return { real: `${first17}${idNumberCheckChar(first17)}`, truncated: `${first15}000` };
  }
  throw new Error('no such ID number');
}

function instructionsTab(wb: ExcelJS.Workbook) {
  const ws = wb.addWorksheet('填表说明');
  ws.addRow(['填表说明']);
  ws.addRow(['1. 身份证号码列请设置为文本格式']);
  ws.addRow(['2. 出生年月可写 1985-03 或 85-3']);
}

const PEOPLE_GROUPS: [string, number, number][] = [
  ['基本信息', 1, 6],
  ['联系方式', 7, 8],
  ['求职意向', 9, 11],
];
const PEOPLE_HEADER = [
  '序号',
  '姓名',
  '身份证号码',
  '性别',
  '出生年月',
  '户籍地',
  '家庭联系电话',
  '本人手机号',
  '意向工种',
  '意向地区',
  '是否愿意培训',
];

async function peopleWorkbook(file: string, rows: unknown[][]) {
  const wb = new ExcelJS.Workbook();
  instructionsTab(wb);
  const ws = wb.addWorksheet('求职需求清单');
  ws.addRow(['2026年湘西州求职需求清单']);
  ws.mergeCells(1, 1, 1, PEOPLE_HEADER.length);
  const groups = ws.addRow([]);
  for (const [label, from] of PEOPLE_GROUPS) groups.getCell(from).value = label;
  for (const [, from, to] of PEOPLE_GROUPS) ws.mergeCells(2, from, 2, to);
  ws.addRow(PEOPLE_HEADER);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(file);
  return file;
}

describe('a 求职需求清单 as a bureau keeps it', () => {
  const { real, truncated } = idTruncatedToValid();
  const zhang = idNumber('433122', '19850304', 11);
  const wang = idNumber('433122', '19850601', 31);
  const zhao = idNumber('433122', '19870101', 42); // 2nd-to-last digit even: a woman
  const zheng = idNumber('433127', '19880501', 51);
  const sun = idNumber('433124', '19901205', 61);
  const zhou = idNumber('433124', '19780701', 71);
  const wu = idNumber('433123', '19900510', 81);
  const qian = idNumber('433101', '19850311', 91);
  const feng = idNumber('433127', '19920202', 13);
  let report: Awaited<ReturnType<typeof ingestFile>>;

  beforeAll(async () => {
    expect(isValidIdNumber(truncated)).toBe(true);
    const file = await peopleWorkbook(path.join(dir, '求职需求清单.xlsx'), [
      [
        1,
        '张三',
        zhang,
        '男',
        '1985-03',
        '湘西州泸溪县',
        '0743-4251234',
        '13812345678',
        '电焊工',
        '济南',
        '是',
      ],
      // The ID number typed into a General cell: Excel stored 433101198503xx0000 as a number.
      [2, '李四', Number(truncated), '男', '1985-03', '湘西州吉首市', '', '13912345678', '', '', '是'],
      [3, '王五', wang, '男', '1988-05', '泸溪县', '', '', '', '', ''],
      [4, '赵六', zhao, '男', '1987-01', '泸溪县', '', '', '', '', ''],
      [5, '鄭  軍', zheng, '男', '88-5', '芙蓉镇(永顺县)', '', '', '', '', ''],
      [6, '孙七', sun, '', '05/12/1990', '湘西自治州花垣县', '', '', '', '', '否'],
      [7, '周八', zhou, '', '78年7月', '花垣县龙潭镇', '', '', '', '', ''],
      [8, '吴九', wu, '', '90.05', '433123', '', '', '', '', ''],
      // A date serial typed into a text cell (what a pasted date becomes): 1985-03-11.
      [9, '钱十', qian, '', '31117', '吉首市', '', '', '', '', ''],
      [10, '冯一', feng, '', '', '芙蓉镇', '', '', '', '', ''],
    ]);
    report = await ingestFile(t.deps, {
      kind: 'people',
      source: 'bureau-433100',
      filename: '求职需求清单.xlsx',
      path: file,
      scope: bureau,
    });
  });

  it('reads the list tab behind a 填表说明 tab, under a merged group header row', () => {
    expect(report.error).toBeNull();
    expect(report.sheet).toBe('求职需求清单');
    expect(report.accepted).toBe(7);
    expect(report.rejectedRows.map((r) => r.rowNumber)).toEqual([5, 6, 7]);
  });

  it('never trusts an ID number held in a number cell, even when the truncated number passes the check', async () => {
    const [row] = report.rejectedRows.filter((r) => r.rowNumber === 5);
    expect(row!.errors).toHaveLength(1);
    expect(row!.errors[0]!.field).toBe('身份证号码');
    expect(row!.errors[0]!.reason).toContain('保存成了数字');
    expect(row!.errors[0]!.reason).toContain('设置为“文本”');
    const li = await t.database.db.select().from(people).where(eq(people.name, '李四'));
    expect(li).toHaveLength(0);
    // Nothing of the truncated number is kept as an identity: a correction must give the whole number.
    const [kept] = await listRejectedRows(t.deps, { batchId: report.batchId });
    expect(JSON.stringify(kept)).not.toContain(truncated);
    expect(real).not.toBe(truncated);
  });

  it('rejects a birth date or gender that disagrees with the ID number, naming both columns', () => {
    const birth = report.rejectedRows.find((r) => r.rowNumber === 6)!;
    expect(birth.errors).toEqual([
      {
        field: '出生年月',
        reason: expect.stringMatching(/出生年月“1988-05”与身份证号码（1985年6月1日出生）不一致/),
      },
    ]);
    const gender = report.rejectedRows.find((r) => r.rowNumber === 7)!;
    expect(gender.errors).toEqual([
      { field: '性别', reason: expect.stringMatching(/性别为“男”，与身份证号码（女）不一致/) },
    ]);
  });

  it("reads the person's own phone, not the family's, and says which column it passed over", async () => {
    const [z] = await t.database.db.select().from(people).where(eq(people.name, '张三'));
    expect(z!.phone).toBe('13812345678');
    expect(report.columns.find((c) => c.field === 'phone')).toEqual({
      field: 'phone',
      label: '联系电话',
      column: '本人手机号',
      passedOver: ['家庭联系电话'],
    });
    expect(report.columns.find((c) => c.field === 'idNumber')).toMatchObject({ column: '身份证号码' });
  });

  it('stores names without layout spaces, towns with their county, and a blank answer as unknown', async () => {
    const rows = await t.database.db.select().from(people);
    const by = (name: string) => rows.find((p) => p.name === name)!;
    expect(by('郑军')).toMatchObject({
      originRegionCode: '433127',
      originTownCode: '433127103',
      birthYear: 1988,
      willingToTrain: null,
    });
    expect(by('孙七')).toMatchObject({ originRegionCode: '433124', birthYear: 1990, willingToTrain: false });
    expect(by('周八')).toMatchObject({
      originRegionCode: '433124',
      originTownCode: '433124102',
      birthYear: 1978,
    });
    expect(by('吴九')).toMatchObject({ originRegionCode: '433123', birthYear: 1990 });
    expect(by('钱十')).toMatchObject({ originRegionCode: '433101', birthYear: 1985 });
    // 芙蓉镇 alone: three in China; on 湘西州's list, 永顺县's.
    expect(by('冯一')).toMatchObject({ originRegionCode: '433127', originTownCode: '433127103' });
    expect(by('张三')).toMatchObject({ willingToTrain: true });
  });
});

describe('correcting a rejected row of that list', () => {
  it('re-validates it with the columns its upload read, and imports it without an error left', async () => {
    const { real } = idTruncatedToValid();
    const [batch] = await t.database.db
      .select({ id: ingestBatches.id })
      .from(ingestBatches)
      .where(eq(ingestBatches.filename, '求职需求清单.xlsx'));
    const rows = await listRejectedRows(t.deps, { batchId: batch!.id });
    const li = rows.find((r) => r.rowNumber === 5)!;
    // The upload read 本人手机号 and passed over 家庭联系电话; a correction that fills the family phone
    // must not make it the person's phone.
    const corrected = await correctRejectedRow(
      t.deps,
      li.id,
      { idNumber: real, 家庭联系电话: '0743-9999999' },
      bureau,
    );
    expect(corrected.errors).toEqual([]);
    const result = await resubmitRejectedRow(t.deps, li.id, bureau);
    expect(result).toMatchObject({ ok: true, outcome: 'accepted' });
    const [person] = await t.database.db.select().from(people).where(eq(people.name, '李四'));
    expect(person).toMatchObject({ phone: '13912345678', birthYear: 1985, originRegionCode: '433101' });
  });
});

describe('a CSV saved from a sheet whose ID column was a number', () => {
  it('refuses scientific notation and 18 digits ending in 000, saying how to fix it', async () => {
    const { truncated } = idTruncatedToValid();
    const good = idNumber('433122', '19850304', 11);
    const csv = [
      '姓名,身份证号码,户籍地',
      '张三,4.33101E+17,泸溪县',
      `李四,${truncated},泸溪县`,
      `王五,${good},泸溪县`,
    ].join('\r\n');
    const file = path.join(dir, 'people.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, `\ufeff${csv}`);
    const report = await ingestFile(t.deps, {
      kind: 'people',
      source: 'csv-ids',
      filename: 'people.csv',
      path: file,
    });
    expect(report.accepted).toBe(1);
    expect(report.rejectedRows).toEqual([
      { rowNumber: 2, errors: [{ field: '身份证号码', reason: expect.stringContaining('科学计数法') }] },
      { rowNumber: 3, errors: [{ field: '身份证号码', reason: expect.stringContaining('以000结尾') }] },
    ]);
  });
});

const POST_HEADER = [
  '序号',
  '企业名称',
  '联系电话',
  '岗位名称',
  '招聘人数',
  '薪资待遇',
  '年龄要求',
  '食宿情况',
  '工作地点',
  '截止日期',
];

describe('a 岗位供给清单 with bureau wording', () => {
  let report: Awaited<ReturnType<typeof ingestFile>>;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    instructionsTab(wb);
    const ws = wb.addWorksheet('岗位供给清单');
    ws.addRow(['岗位供给清单（吉首市）']);
    ws.mergeCells(1, 1, 1, POST_HEADER.length);
    ws.addRow(POST_HEADER);
    const rows = [
      [
        1,
        '湘西锦绣制衣有限公司',
        '0743-8111111',
        '缝纫工',
        '两名',
        '计件',
        '女18-35',
        '有食堂，可住宿',
        '吉首市',
        '长期',
      ],
      // The employer cell is merged down over three posts; each post has its own contact phone.
      [
        2,
        '',
        '0743-8222222',
        '包装工',
        '3-5',
        '3000-4000',
        '女性优先，40岁以下',
        '包中餐',
        '吉首市',
        '12月31日',
      ],
      [3, '', '', '质检员', '十', '底薪3000+提成', '', '包午餐', '吉首市', ''],
      [4, '湘西建工集团', '', '钢筋工', '5', '5000', '', '', '花垣县龙潭镇', ''],
      // The same post copied twice into the list (only 序号 differs).
      [5, '湘西建工集团', '', '钢筋工', '5', '5000', '', '', '花垣县龙潭镇', ''],
    ];
    for (const r of rows) ws.addRow(r);
    ws.mergeCells('B3:B5');
    const file = path.join(dir, '岗位供给清单.xlsx');
    await wb.xlsx.writeFile(file);
    report = await ingestFile(t.deps, {
      kind: 'posts',
      source: 'bureau-433100',
      filename: '岗位供给清单.xlsx',
      path: file,
      scope: bureau,
    });
  });

  it('imports every post; the copied row is one post, not a doubled headcount', async () => {
    expect(report.rejectedRows).toEqual([]);
    expect(report.accepted).toBe(4);
    const rebar = await t.database.db.select().from(posts).where(eq(posts.title, '钢筋工'));
    expect(rebar).toHaveLength(1);
    expect(rebar[0]).toMatchObject({ headcount: 5, regionCode: '433124', townCode: '433124102' });
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ rowNumber: 7, reason: expect.stringContaining('与第6行完全相同') }),
    );
  });

  it('reads headcounts, pay kinds, age limits, meals, lodging and deadlines as written', async () => {
    const rows = await t.database.db.select().from(posts);
    const by = (title: string) => rows.find((p) => p.title === title)!;
    expect(by('缝纫工')).toMatchObject({
      headcount: 2,
      payKind: 'piece',
      payMin: null,
      ageMin: 18,
      ageMax: 35,
      ageMaxFemale: 35,
      accommodation: true,
      meals: true,
      validTo: null,
    });
    expect(by('包装工')).toMatchObject({
      headcount: 5,
      payMin: 3000,
      ageMax: 40,
      ageMaxMale: null,
      ageMaxFemale: null,
      meals: true,
      validTo: `${year}-12-31`,
    });
    expect(by('质检员')).toMatchObject({ headcount: 10, payKind: 'commission', payMin: 3000, meals: true });
    // 女18-35 names one gender: the limit holds for all, and the row is flagged for a person to check.
    expect(report.warnings).toContainEqual(
      expect.objectContaining({ rowNumber: 3, review: true, reason: expect.stringContaining('只写了女性') }),
    );
  });

  it('carries the merged employer cell down even where a post has its own phone', async () => {
    const rows = await t.database.db
      .select({ title: posts.title, employer: employers.name })
      .from(posts)
      .innerJoin(employers, eq(employers.id, posts.employerId));
    const employerOf = Object.fromEntries(rows.map((r) => [r.title, r.employer]));
    expect(employerOf).toMatchObject({
      缝纫工: '湘西锦绣制衣有限公司',
      包装工: '湘西锦绣制衣有限公司',
      质检员: '湘西锦绣制衣有限公司',
      钢筋工: '湘西建工集团',
    });
  });
});
