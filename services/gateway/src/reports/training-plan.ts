/** 《培训计划申报表》: one line per facility, region and course, from the training demand. */
import ExcelJS from 'exceljs';
import type { DemandRow } from './training-demand';

export const DEFAULT_PER_PERSON_YUAN = 1200;

export interface PlanRow {
  facilityName: string;
  regionName: string;
  item: string;
  courseName: string;
  provider: string;
  durationDays: number | null;
  trainees: number;
  perPersonYuan: number;
  budgetYuan: number;
  openHeadcount: number;
}

export function trainingPlan(
  demand: readonly DemandRow[],
  perPersonYuan = DEFAULT_PER_PERSON_YUAN,
): PlanRow[] {
  return demand.map((d) => {
    const course = d.courses[0];
    return {
      facilityName: d.facilityName,
      regionName: d.regionName,
      item: d.item,
      courseName: course?.name ?? `${d.item}培训（待选课程）`,
      provider: course?.provider ?? '',
      durationDays: course?.durationDays ?? null,
      trainees: d.people,
      perPersonYuan,
      budgetYuan: d.people * perPersonYuan,
      openHeadcount: d.openHeadcount,
    };
  });
}

const headers = [
  '序号',
  '申报单位',
  '地区',
  '培训项目',
  '培训工种/证书',
  '培训机构',
  '培训天数',
  '计划培训人数',
  '人均补贴标准（元）',
  '预算金额（元）',
  '可对接岗位空缺（人）',
];

export async function trainingPlanWorkbook(year: number, rows: readonly PlanRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('培训计划申报表');
  ws.addRow([`${year}年度培训计划申报表`]).font = { bold: true, size: 14 };
  ws.addRow(headers).font = { bold: true };
  rows.forEach((r, i) => {
    ws.addRow([
      i + 1,
      r.facilityName,
      r.regionName,
      r.courseName,
      r.item,
      r.provider,
      r.durationDays ?? '',
      r.trainees,
      r.perPersonYuan,
      r.budgetYuan,
      r.openHeadcount,
    ]);
  });
  const trainees = rows.reduce((s, r) => s + r.trainees, 0);
  const budget = rows.reduce((s, r) => s + r.budgetYuan, 0);
  ws.addRow(['合计', '', '', '', '', '', '', trainees, '', budget, '']).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
