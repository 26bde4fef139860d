import path from 'node:path';
import {
  outbox,
  people,
  type personSources,
  type postSources,
  posts,
  rejectedRows,
} from '@qihang/shared/db/schema/index';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, skippedSheetsNote } from '../src/cli';
import { getBatchReport, ingestFile, listRejectedRows } from '../src/index';
import { ingestTestDatabase } from './helpers/db';
import { idNumber, tmpDir, writeXlsx } from './helpers/fixtures';

const POST_HEADER = [
  '序号',
  '企业名称',
  '统一社会信用代码',
  '岗位名称',
  '招聘人数',
  '薪资待遇（元/月）',
  '年龄要求',
  '学历要求',
  '是否提供食宿',
  '工作地点',
  '证书要求',
  '备用列',
];
const PEOPLE_HEADER = [
  '序号',
  '姓名',
  '身份证号码',
  '性别',
  '文化程度',
  '户籍地',
  '技能特长',
  '持证情况',
  '意向工种',
  '意向地区',
  '是否愿意培训',
  '出所日期',
];

let t: Awaited<ReturnType<typeof ingestTestDatabase>>;
const dir = tmpDir();

beforeAll(async () => {
  t = await ingestTestDatabase('pglite');
});
afterAll(async () => {
  await t?.cleanup();
});

const countOf = async (
  table: typeof posts | typeof people | typeof outbox | typeof postSources | typeof personSources,
) => (await t.database.db.select({ n: count() }).from(table))[0]!.n;

describe('posts file with good and bad rows', () => {
  const file = path.join(dir, '岗位供给清单.xlsx');

  beforeAll(async () => {
    await writeXlsx(
      file,
      '2026年济南市岗位供给清单',
      POST_HEADER,
      [
        [
          1,
          '山东鲁焊机械有限公司',
          '91370100MA3C4XY01K',
          '電焊工',
          '１０人',
          '4-6千',
          '男55女50岁以下',
          '初中及以上',
          '包吃住',
          '濟南市歷下區',
          '焊工证',
          '',
        ],
        [
          2,
          null,
          null,
          '叉车司机',
          5,
          '4k-6k',
          '18-45周岁',
          '不限',
          '包住不包吃',
          '济南市历下区',
          '叉车证',
          '',
        ],
        [3, null, null, '普工', '若干', '面议', '', '', '否', '济南', '', ''],
        [4, '泸溪县扶贫车间', '', '缝纫工', 20, '日结150元', '不限', '', '是', '湘西州泸溪县', '', ''],
        [5, '某某公司', '', '保安', 2, '3500-5000元/月', '18-45周岁', '', '', '火星市', '', ''],
        [6, '某某公司', '', '', 2, '很多钱', '', '', '', '朝阳区', '', ''],
      ],
      ['B3:B5', 'C3:C5'],
    );
  });

  it('lands good rows, keeps bad rows with row numbers and Chinese reasons, and names unmapped columns', async () => {
    const report = await ingestFile(t.deps, {
      kind: 'posts',
      source: 'jinan-hr',
      filename: path.basename(file),
      path: file,
    });
    expect(report).toMatchObject({ status: 'done', accepted: 3, updated: 0, unchanged: 0, rejected: 3 });
    expect(report.unmappedColumns).toEqual(['序号', '备用列']);
    expect(report.rejectedRows.map((r) => r.rowNumber)).toEqual([5, 7, 8]);
    expect(report.rejectedRows[0]!.errors).toEqual([
      { field: '招聘人数', reason: '招聘人数“若干”未写明人数，请填写具体人数（可写预计人数）' },
    ]);
    expect(report.rejectedRows[1]!.errors).toEqual([{ field: '工作地点', reason: '无法识别的地名“火星市”' }]);
    const fields = report.rejectedRows[2]!.errors.map((e) => e.field);
    expect(fields).toEqual(['岗位名称', '工作地点', '薪资待遇（元/月）']);

    const rows = await t.database.db.select().from(posts);
    const welder = rows.find((p) => p.title === '电焊工')!;
    expect(welder).toMatchObject({
      occupationCode: '6-18-02-04',
      headcount: 10,
      payMin: 4000,
      payMax: 6000,
      ageMax: 55,
      ageMaxMale: 55,
      ageMaxFemale: 50,
      minEducation: 'junior',
      accommodation: true,
      meals: true,
      regionCode: '370102',
      requiredCertificates: ['焊工证'],
    });
    // The merged employer cell carries down to the forklift post.
    const forklift = rows.find((p) => p.title === '叉车司机')!;
    expect(forklift.employerId).toBe(welder.employerId);
    expect(forklift).toMatchObject({
      accommodation: true,
      meals: false,
      ageMin: 18,
      ageMax: 45,
      ageMaxMale: null,
    });
    const sewing = rows.find((p) => p.title === '缝纫工')!;
    expect(sewing).toMatchObject({ regionCode: '433122', payMin: 3900 });
    expect(await countOf(outbox)).toBe(3);

    const kept = await listRejectedRows(t.deps, { batchId: report.batchId });
    expect(kept).toHaveLength(3);
    expect(kept[0]!.raw).toMatchObject({ 企业名称: '山东鲁焊机械有限公司', 招聘人数: '若干' });
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await t.database.db.select().from(posts);
    const report = await ingestFile(t.deps, {
      kind: 'posts',
      source: 'jinan-hr',
      filename: 'again.xlsx',
      path: file,
    });
    expect(report).toMatchObject({ accepted: 0, updated: 0, unchanged: 3, rejected: 3 });
    const after = await t.database.db.select().from(posts);
    expect(after).toEqual(before);
    expect(await countOf(outbox)).toBe(3);
    // The re-uploaded bad rows replace the earlier ones in the open list instead of doubling it.
    expect(await listRejectedRows(t.deps, { source: 'jinan-hr' })).toHaveLength(3);
    const all = await t.database.db
      .select({ n: count() })
      .from(rejectedRows)
      .where(eq(rejectedRows.status, 'discarded'));
    expect(all[0]!.n).toBe(3);
    expect((await getBatchReport(t.deps, report.batchId)).unchanged).toBe(3);
  });

  it("imports a workbook's first tab and tells which other tabs hold rows that were not imported", async () => {
    const workbook = path.join(dir, '两个县的岗位.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('历下区').addRows([
      ['企业名称', '岗位名称', '招聘人数', '工作地点'],
      ['济南分页测试一公司', '保洁员', 2, '济南市历下区'],
    ]);
    wb.addWorksheet('泸溪县').addRows([
      ['企业名称', '岗位名称', '招聘人数', '工作地点'],
      ['泸溪分页测试公司', '保洁员', 3, '泸溪县'],
      ['泸溪分页测试公司', '厨师', 1, '泸溪县'],
    ]);
    await wb.xlsx.writeFile(workbook);
    const report = await ingestFile(t.deps, {
      kind: 'posts',
      source: 'two-tabs',
      filename: path.basename(workbook),
      path: workbook,
    });
    expect(report).toMatchObject({
      status: 'done',
      accepted: 1,
      sheet: '历下区',
      skippedSheets: [{ sheet: '泸溪县', rows: 3, hidden: false }],
    });
    expect(await getBatchReport(t.deps, report.batchId)).toMatchObject({
      sheet: '历下区',
      skippedSheets: [{ sheet: '泸溪县', rows: 3, hidden: false }],
    });
    expect(formatReport(report)).toContain(
      '只导入了工作表「历下区」；工作表「泸溪县」（3 行）未导入：每个文件只导入第一个工作表',
    );
    // A hidden tab (the values of a dropdown, usually) is told apart; a tab that could not be read says so.
    expect(
      skippedSheetsNote({
        sheet: '清单',
        skippedSheets: [
          { sheet: '下拉选项', rows: 2, hidden: true },
          { sheet: '坏表', rows: null, hidden: false },
        ],
      }),
    ).toBe(
      '只导入了工作表「清单」；工作表「坏表」（无法读取）未导入：每个文件只导入第一个工作表，其他工作表中的清单请另存为单独的文件上传；隐藏的工作表「下拉选项」（2 行）也未导入',
    );
  });
});

describe('people file', () => {
  const file = path.join(dir, '求职需求清单.xlsx');
  const id1 = idNumber('433122', '19850304', 11);
  const id2 = idNumber('433122', '19900101', 22); // even: a woman, as the list says

  it('lands people with normalized fields and never stores the ID number', async () => {
    await writeXlsx(file, '泸溪县求职需求清单', PEOPLE_HEADER, [
      [
        1,
        '张三',
        id1,
        '',
        '初中',
        '湘西州泸溪县',
        '电焊、开叉车',
        '焊工證',
        '电焊工',
        '济南、长沙',
        '是',
        '2026/3/5',
      ],
      [
        2,
        '李四',
        ` ${id2.slice(0, 6)} ${id2.slice(6)} `,
        '女',
        '高中',
        '泸溪',
        '缝纫',
        '',
        '',
        '不限',
        '否',
        '2026-04-01',
      ],
      [3, '王五', '123456789012345678', '男', '初中', '湘西州泸溪县', '', '', '', '', '是', ''],
      [4, '张三', id1, '男', '初中', '湘西州泸溪县', '', '', '', '', '是', ''],
    ]);
    const report = await ingestFile(t.deps, {
      kind: 'people',
      source: 'luxi-facility',
      filename: 'people.xlsx',
      path: file,
    });
    expect(report).toMatchObject({ accepted: 2, rejected: 2 });
    expect(report.rejectedRows).toEqual([
      { rowNumber: 5, errors: [{ field: '身份证号码', reason: '身份证号格式或校验位不正确' }] },
      { rowNumber: 6, errors: [{ field: '身份证号码', reason: '与第3行重复' }] },
    ]);
    const rows = await t.database.db.select().from(people);
    const zhang = rows.find((p) => p.name === '张三')!;
    expect(zhang).toMatchObject({
      gender: 'male',
      birthYear: 1985,
      education: 'junior',
      originRegionCode: '433122',
      skills: ['电焊', '叉车驾驶'],
      certificates: ['焊工证'],
      desiredOccupations: ['6-18-02-04'],
      acceptableRegionCodes: ['370100', '430100'],
      willingToTrain: true,
      availableFrom: '2026-03-05',
    });
    expect(JSON.stringify(rows)).not.toContain(id1);
    const li = rows.find((p) => p.name === '李四')!;
    expect(li).toMatchObject({ gender: 'female', birthYear: 1990, acceptableRegionCodes: [] });
    const kept = await listRejectedRows(t.deps, { batchId: report.batchId });
    expect(JSON.stringify(kept)).not.toContain(id1);
    expect(kept[1]!.raw.身份证号码).toMatch(/^433122\*+\d[\dX]$/);
  });
});

describe('a list that uses the ID number as 人员编号', () => {
  it('keeps it only as its keyed hash, and finds the same person by it', async () => {
    const file = path.join(dir, '编号即身份证号.xlsx');
    const id = idNumber('433122', '19880101', 31);
    await writeXlsx(file, '求职需求清单', ['人员编号', '姓名', '户籍地'], [[id, '赵六', '湘西州泸溪县']]);
    const report = await ingestFile(t.deps, {
      kind: 'people',
      source: 'id-as-number',
      filename: 'x.xlsx',
      path: file,
    });
    expect(report).toMatchObject({ accepted: 1, rejected: 0 });
    const rows = await t.database.db.select().from(people).where(eq(people.source, 'id-as-number'));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(rows[0]!.externalId).toMatch(/^id-[0-9a-f]{32}$/);
    expect(rows[0]!.idNumberHash).not.toBeNull();
  });
});
