import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { createDemo, type DemoOptions, type DemoStream } from './generate';
import { peopleHeaders, personListRow, postHeaders, postListRow } from './list-rows';
import type { ListCell } from './list-styles';
import { Random } from './random';

export type ListFormat = 'xlsx' | 'csv';

export interface ListOutput {
  dir: string;
  format: ListFormat;
}

export interface WrittenLists {
  peopleFile: string;
  postsFile: string;
  people: number;
  posts: number;
}

export const PEOPLE_LIST_NAME = '求职需求清单';
export const POSTS_LIST_NAME = '岗位供给清单';

/** Column widths (in characters) for the columns that hold long text. */
const wideColumns: Record<string, number> = {
  身份证号: 21,
  企业名称: 30,
  统一社会信用代码: 21,
  工作经历: 40,
  岗位描述: 50,
  所在单位: 28,
  意向地区: 24,
};

function* peopleRows(demo: DemoStream, dateCells: boolean): Generator<ListCell[]> {
  const rng = new Random(demo.seed, 'lists', 'people');
  const facilityName = new Map(demo.facilities.map((f) => [f.id as string, f.name]));
  let n = 0;
  for (const batch of demo.peopleBatches()) {
    for (const person of batch) yield personListRow(rng, ++n, person, { facilityName, dateCells });
  }
}

function* postRows(demo: DemoStream, dateCells: boolean): Generator<ListCell[]> {
  const rng = new Random(demo.seed, 'lists', 'posts');
  const employer = new Map(demo.employers.map((e) => [e.id as string, e]));
  let n = 0;
  for (const batch of demo.postBatches()) {
    for (const post of batch) yield postListRow(rng, ++n, post, { employer, dateCells });
  }
}

/** Streams rows into one sheet; exceljs writes each committed row out, so memory stays flat. */
async function writeXlsx(
  file: string,
  sheet: string,
  headers: readonly string[],
  rows: Iterable<ListCell[]>,
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = headers.map((header) => ({ header, key: header, width: wideColumns[header] ?? 12 }));
  worksheet.getRow(1).font = { bold: true };
  let count = 0;
  for (const row of rows) {
    const committed = worksheet.addRow(row);
    for (const [i, value] of row.entries()) {
      if (value instanceof Date) committed.getCell(i + 1).numFmt = 'yyyy/m/d';
    }
    committed.commit();
    count++;
  }
  worksheet.commit();
  await workbook.commit();
  return count;
}

const csvValue = (value: ListCell): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : value == null ? '' : String(value);

/** UTF-8 with a byte-order mark, which is what makes Excel on Windows read Chinese CSV correctly. */
async function writeCsv(file: string, headers: readonly string[], rows: Iterable<ListCell[]>) {
  let count = 0;
  function* lines() {
    yield [...headers];
    for (const row of rows) {
      count++;
      yield row.map(csvValue);
    }
  }
  await pipeline(Readable.from(lines()), stringify({ bom: true }), createWriteStream(file));
  return count;
}

/**
 * Writes the demo's 求职需求清单 and 岗位供给清单 as a bureau keeps them: Chinese headers, values written the
 * many ways people write them. The rows are the same seed's generated people and posts, in order; the ID
 * numbers are the fake ones whose keyed hashes `loadDemoData` stores.
 */
export async function writeDemoLists(options: DemoOptions, output: ListOutput): Promise<WrittenLists> {
  const demo = createDemo(options);
  await mkdir(output.dir, { recursive: true });
  const peopleFile = path.join(output.dir, `${PEOPLE_LIST_NAME}.${output.format}`);
  const postsFile = path.join(output.dir, `${POSTS_LIST_NAME}.${output.format}`);
  const xlsx = output.format === 'xlsx';
  const people = xlsx
    ? await writeXlsx(peopleFile, PEOPLE_LIST_NAME, peopleHeaders, peopleRows(demo, true))
    : await writeCsv(peopleFile, peopleHeaders, peopleRows(demo, false));
  const posts = xlsx
    ? await writeXlsx(postsFile, POSTS_LIST_NAME, postHeaders, postRows(demo, true))
    : await writeCsv(postsFile, postHeaders, postRows(demo, false));
  return { peopleFile, postsFile, people, posts };
}
