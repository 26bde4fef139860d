/**
 * What an organizer prints or hands out before the fair, in Chinese.
 * - Employer shortlists (one sheet per employer) are de-identified exactly like /v1/posts/:id/candidates:
 *   a handle per candidate and employer, an age band, education, skills, certificates, availability —
 *   never a name, origin finer than nothing, facility or status.
 * - Booth lists (per person) name the person: the organizer runs the fair and must call people to booths,
 *   and the organizer already reads these people's records (each export is audit-logged per person).
 */
import { type Education, educationLabels } from '@qihang/shared/domain/index';
import ExcelJS from 'exceljs';
import { ageBand, candidateHandle } from '../privacy/deidentify';
import { safeCells, safeSheetTitle } from '../util/formulas';
import type { ShortlistRow } from './shortlists';

/** Map.groupBy is Node 21+. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item)) ?? [];
    list.push(item);
    map.set(key(item), list);
  }
  return map;
}

const edu = (e: string | null) => (e ? (educationLabels[e as Education] ?? e) : '');
const pct = (score: number) => Math.round(score * 100);

function sheetName(name: string, used: Set<string>): string {
  const base = safeSheetTitle(name.replace(/[\\/?*[\]:]/g, ' ')).slice(0, 28) || '用人单位';
  let candidate = base;
  for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 25)}(${n})`;
  used.add(candidate);
  return candidate;
}

export interface EmployerRow {
  employerId: string;
  employerName: string;
  postTitle: string;
  rank: number;
  handle: string;
  ageBand: string;
  education: string;
  skills: string;
  certificates: string;
  availableFrom: string;
  score: number;
}

export function employerRows(rows: readonly ShortlistRow[], handleKey: string, today: Date): EmployerRow[] {
  return rows.map((r) => ({
    employerId: r.employerId,
    employerName: r.employerName,
    postTitle: r.postTitle,
    rank: r.rank,
    handle: candidateHandle(handleKey, r.personId, r.employerId),
    ageBand: ageBand(r.birthYear, today) ?? '',
    education: edu(r.education),
    skills: r.skills.join('、'),
    certificates: r.certificates.join('、'),
    availableFrom: r.availableFrom ?? '',
    score: pct(r.score),
  }));
}

const employerHeaders = [
  '岗位',
  '序号',
  '候选人编号',
  '年龄段',
  '学历',
  '技能',
  '证书',
  '可到岗日期',
  '匹配度(%)',
];
const employerCells = (r: EmployerRow) => [
  r.postTitle,
  r.rank,
  r.handle,
  r.ageBand,
  r.education,
  r.skills,
  r.certificates,
  r.availableFrom,
  r.score,
];

export async function employerWorkbook(fairName: string, rows: readonly EmployerRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const used = new Set<string>();
  const byEmployer = groupBy(rows, (r) => r.employerId);
  for (const list of byEmployer.values()) {
    const ws = wb.addWorksheet(sheetName(list[0]!.employerName, used));
    ws.addRow(safeCells([`${fairName} · ${list[0]!.employerName}（去标识化，联系候选人请经人社部门）`]));
    ws.addRow(employerHeaders).font = { bold: true };
    for (const r of list) ws.addRow(safeCells(employerCells(r)));
    ws.columns.forEach((c) => {
      c.width = 14;
    });
  }
  if (byEmployer.size === 0) wb.addWorksheet('暂无名单').addRow(['尚未生成名单']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const boothHeaders = ['姓名', '序号', '用人单位', '展位', '岗位', '该岗位排名', '匹配度(%)'];

function boothLines(rows: readonly ShortlistRow[]) {
  const byPerson = groupBy(rows, (r) => r.personId);
  return [...byPerson.values()]
    .sort((a, b) => (a[0]!.personName ?? '').localeCompare(b[0]!.personName ?? '', 'zh'))
    .flatMap((list) =>
      [...list]
        .sort((a, b) => b.score - a.score)
        .map((r, i) => [
          r.personName ?? '（已删除）',
          i + 1,
          r.employerName,
          r.booth ?? '',
          r.postTitle,
          r.rank,
          pct(r.score),
        ]),
    );
}

export async function boothWorkbook(fairName: string, rows: readonly ShortlistRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('个人展位清单');
  ws.addRow(safeCells([fairName]));
  ws.addRow(boothHeaders).font = { bold: true };
  for (const line of boothLines(rows)) ws.addRow(safeCells(line));
  ws.columns.forEach((c) => {
    c.width = 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (v: unknown) =>
  String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

const table = (headers: readonly string[], lines: readonly (readonly unknown[])[]) =>
  `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${lines
    .map(
      (l) =>
        `<tr>${safeCells(l)
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('')}</tbody></table>`;

/** A page to print (or "save as PDF" from the browser): one section per employer or one booth table. */
export function printablePage(
  title: string,
  kind: 'employers' | 'booths',
  rows: readonly ShortlistRow[],
  employer: readonly EmployerRow[],
): string {
  const body =
    kind === 'booths'
      ? table(boothHeaders, boothLines(rows))
      : [...groupBy(employer, (r) => r.employerId).values()]
          .map(
            (list) =>
              `<section><h2>${esc(list[0]!.employerName)}</h2>${table(employerHeaders, list.map(employerCells))}</section>`,
          )
          .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>
body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:2em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #999;padding:4px 6px;font-size:12px}section{page-break-after:always}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`;
}
