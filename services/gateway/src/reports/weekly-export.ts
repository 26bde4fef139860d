/** The weekly dispatch report as officials read it: XLSX and a printable page, in Chinese. */
import ExcelJS from 'exceljs';
import { safeCells } from '../util/formulas';
import type { WeeklyRow } from './weekly';

const headers = [
  '地区',
  '新增求职人员',
  '新增岗位',
  '推荐匹配',
  '签订意向协议',
  '实现就业安置',
  '就业安置率',
  '目标',
  '最大岗位缺口（职业·空缺人数）',
];
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const cells = (r: WeeklyRow) => [
  r.regionName,
  r.newPeople,
  r.newPosts,
  r.matches,
  r.intents,
  r.placements,
  pct(r.placementRate),
  pct(r.target),
  r.topUnmet ? `${r.topUnmet.occupationName} · ${r.topUnmet.openPlaces}人` : '—',
];
const title = (from: string, to: string) => `每周调度通报（${from} 至 ${to}）`;

export async function weeklyWorkbook(from: string, to: string, rows: readonly WeeklyRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('每周调度');
  ws.addRow([title(from, to)]).font = { bold: true, size: 14 };
  ws.addRow(headers).font = { bold: true };
  for (const r of rows) ws.addRow(safeCells(cells(r)));
  ws.columns.forEach((c) => {
    c.width = 14;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (v: unknown) =>
  String(v).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export function weeklyPage(from: string, to: string, rows: readonly WeeklyRow[]): string {
  const head = headers.map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${safeCells(cells(r))
          .map((c) => `<td>${esc(c)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title(from, to))}</title><style>
body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #999;padding:4px 6px;font-size:12px}</style></head><body><h1>${esc(title(from, to))}</h1>
<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></body></html>`;
}
