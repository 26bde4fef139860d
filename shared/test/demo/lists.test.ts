import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, peopleHeaders, postHeaders, writeDemoLists } from '../../src/demo';
import { idNumberHash } from '../../src/privacy/id-number';

const KEY = 'test-id-hash-key-that-is-long-enough';
const options = { seed: 11, people: 200, posts: 100, idHashKey: KEY };
const demo = generateDemo(options);
const expectedHashes = demo.people.map((p) => p.row.idNumberHash);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qihang-demo-lists-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cellText = (value: ExcelJS.CellValue): string =>
  value == null ? '' : value instanceof Date ? value.toISOString().slice(0, 10) : String(value);

async function readSheet(file: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push(values.slice(1).map(cellText));
  });
  return rows;
}

/** Enough of RFC 4180 for the lists: quoted fields, doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      endField();
    } else if (!quoted && ch === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (quoted || ch !== '\r') {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe('writeDemoLists', () => {
  it('writes XLSX lists with Chinese headers, one row per person and post, IDs that hash to the stored ones', async () => {
    const written = await writeDemoLists(options, { dir, format: 'xlsx' });
    expect(path.basename(written.peopleFile)).toBe('求职需求清单.xlsx');
    expect(path.basename(written.postsFile)).toBe('岗位供给清单.xlsx');
    const peopleSheet = await readSheet(written.peopleFile);
    expect(peopleSheet[0]).toEqual([...peopleHeaders]);
    expect(peopleSheet).toHaveLength(201);
    const idColumn = peopleHeaders.indexOf('身份证号');
    expect(peopleSheet.slice(1).map((r) => idNumberHash(KEY, r[idColumn] ?? ''))).toEqual(expectedHashes);
    const postsSheet = await readSheet(written.postsFile);
    expect(postsSheet[0]).toEqual([...postHeaders]);
    expect(postsSheet).toHaveLength(101);
    const title = postHeaders.indexOf('岗位名称');
    const pay = postHeaders.indexOf('薪资待遇');
    expect(postsSheet.slice(1).map((r) => [r[title], r[pay]])).toEqual(
      demo.posts.map((p) => [p.row.title, p.row.payText]),
    );
  });

  it('writes the same lists as UTF-8 CSV with a byte-order mark', async () => {
    const written = await writeDemoLists(options, { dir, format: 'csv' });
    const peopleText = await readFile(written.peopleFile, 'utf8');
    expect(peopleText.charCodeAt(0)).toBe(0xfeff);
    const peopleRows = parseCsv(peopleText.slice(1));
    expect(peopleRows[0]).toEqual([...peopleHeaders]);
    expect(peopleRows).toHaveLength(201);
    const idColumn = peopleHeaders.indexOf('身份证号');
    expect(peopleRows.slice(1).map((r) => idNumberHash(KEY, r[idColumn] ?? ''))).toEqual(expectedHashes);
    const postRows = parseCsv((await readFile(written.postsFile, 'utf8')).slice(1));
    expect(postRows[0]).toEqual([...postHeaders]);
    expect(postRows).toHaveLength(101);
    const names = new Map(demo.employers.map((e) => [e.id, e.name]));
    expect(postRows.slice(1).map((r) => r[postHeaders.indexOf('企业名称')])).toEqual(
      demo.posts.map((p) => names.get(p.row.employerId)),
    );
  });

  it('writes the same file twice for the same seed', async () => {
    const a = await writeDemoLists(options, { dir: path.join(dir, 'a'), format: 'csv' });
    const b = await writeDemoLists(options, { dir: path.join(dir, 'b'), format: 'csv' });
    expect(await readFile(a.peopleFile, 'utf8')).toBe(await readFile(b.peopleFile, 'utf8'));
    expect(await readFile(a.postsFile, 'utf8')).toBe(await readFile(b.postsFile, 'utf8'));
  });
});
