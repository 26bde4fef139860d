import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { CUT_MARK, EXCEL_CELL_LIMIT, textRunCap } from './cell-limit';

/** A zip entry's bytes, or a file's. */
export type Chunks = AsyncIterable<Buffer>;

/** XML in the file that does not parse (the parser's own error is the cause). */
export class MalformedXml extends Error {}

function parse(parser: SaxesParser, text: string | null): void {
  try {
    if (text === null) parser.close();
    else parser.write(text);
  } catch (err) {
    throw new MalformedXml('malformed XML in the XLSX file', { cause: err });
  }
}

/** Feeds a zip entry to a SAX parser, calling `drain` after each chunk so callers can hand results on. */
export async function* saxChunks(entry: Chunks, parser: SaxesParser): AsyncGenerator<void> {
  const decoder = new StringDecoder('utf8');
  // No text run longer than a cell may be is handed to the parser, which would hold it whole.
  const cap = textRunCap();
  for await (const chunk of entry) {
    parse(parser, cap(decoder.write(chunk as Buffer)));
    yield;
  }
  parse(parser, cap(decoder.end()));
  parse(parser, null);
  yield;
}

/** xl/sharedStrings.xml → the strings cells refer to by index (rich-text runs joined, phonetics left out). */
export async function readSharedStrings(entry: Chunks): Promise<string[]> {
  const strings: string[] = [];
  const parser = new SaxesParser();
  let current = '';
  let inText = false;
  let phonetic = 0;
  parser.on('opentag', (t) => {
    if (t.name === 't') inText = phonetic === 0;
    else if (t.name === 'rPh') phonetic++;
    else if (t.name === 'si') current = '';
  });
  parser.on('closetag', (t) => {
    if (t.name === 't') inText = false;
    else if (t.name === 'rPh') phonetic--;
    else if (t.name === 'si') strings.push(ownString(current));
  });
  // Rich text is several runs: the string stops growing once it is over a cell's limit.
  const add = (text: string) => {
    if (!inText) return;
    if (current.length <= EXCEL_CELL_LIMIT) current += text;
    else if (!current.endsWith(CUT_MARK)) current += CUT_MARK;
  };
  parser.on('text', add);
  parser.on('cdata', add);
  for await (const _ of saxChunks(entry, parser)) {
  }
  return strings;
}

// Built-in number formats that are dates or times (ECMA-376 18.8.30, plus the CJK date formats).
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

const isDateFormat = (code: string): boolean =>
  /[ymd]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').replace(/general/gi, ''));

/** xl/styles.xml → the cell style indexes whose number format is a date (a number there is a date serial). */
export async function readDateStyles(entry: Chunks): Promise<Set<number>> {
  const custom = new Map<number, string>();
  const dateStyles = new Set<number>();
  const parser = new SaxesParser();
  let inCellXfs = false;
  let xfIndex = 0;
  parser.on('opentag', (t) => {
    const attr = (n: string) => (t.attributes as Record<string, string>)[n];
    if (t.name === 'numFmt') custom.set(Number(attr('numFmtId')), attr('formatCode') ?? '');
    else if (t.name === 'cellXfs') inCellXfs = true;
    else if (t.name === 'xf' && inCellXfs) {
      const id = Number(attr('numFmtId') ?? 0);
      const code = custom.get(id);
      if (BUILTIN_DATE_FORMATS.has(id) || (code !== undefined && isDateFormat(code))) dateStyles.add(xfIndex);
      xfIndex++;
    }
  });
  parser.on('closetag', (t) => {
    if (t.name === 'cellXfs') inCellXfs = false;
  });
  for await (const _ of saxChunks(entry, parser)) {
  }
  return dateStyles;
}

/**
 * A copy of `s` that does not point into the parser's chunk. V8 represents a substring of 13 or more
 * characters as a slice of its parent, so one remembered cell value (a memo key, a duplicate-row key) kept
 * a whole ~30 KB chunk of sheet XML alive: 86 MB of them at 75k rows. Concatenating flattens into a new
 * string, and the slice taken from that refers to the copy alone.
 */
export const ownString = (s: string): string => (s.length >= 13 ? ` ${s}`.slice(1) : s);

/** A tab of the workbook, in the order Excel shows them. */
export interface SheetEntry {
  name: string;
  relId: string;
  hidden: boolean;
}

/** xl/workbook.xml → its tabs, in order (a hidden or very hidden tab says so). */
export async function readWorkbookSheets(entry: Chunks): Promise<SheetEntry[]> {
  const sheets: SheetEntry[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (t) => {
    // `sheet` or, from writers that prefix the main namespace, `x:sheet`.
    if (localName(t.name) !== 'sheet') return;
    const a = t.attributes as Record<string, string>;
    const relId = a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '';
    sheets.push({
      name: ownString(a.name ?? ''),
      relId,
      hidden: a.state === 'hidden' || a.state === 'veryHidden',
    });
  });
  for await (const _ of saxChunks(entry, parser)) {
  }
  return sheets;
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * xl/_rels/workbook.xml.rels → relationship id → the part's name in lower case (`xl/worksheets/sheet1.xml`):
 * a target is relative to xl/ (`worksheets/sheet1.xml`, `../xl/worksheets/sheet1.xml`) or absolute.
 */
export async function readWorkbookRels(entry: Chunks): Promise<Map<string, string>> {
  const targets = new Map<string, string>();
  const parser = new SaxesParser();
  parser.on('opentag', (t) => {
    if (localName(t.name) !== 'Relationship') return;
    const a = t.attributes as Record<string, string>;
    if (!a.Id || !a.Target) return;
    let target = a.Target;
    try {
      target = decodeURIComponent(target);
    } catch {}
    const resolved = target.startsWith('/') ? path.posix.normalize(target) : path.posix.join('/xl', target);
    targets.set(a.Id, resolved.slice(1).toLowerCase());
  });
  for await (const _ of saxChunks(entry, parser)) {
  }
  return targets;
}

/** Rows of a worksheet with at least one cell holding a value or a formula (for a tab that is not imported). */
export async function countFilledRows(entry: Chunks): Promise<number> {
  const parser = new SaxesParser();
  let rows = 0;
  let filled = false;
  let inValue = false;
  parser.on('opentag', (t) => {
    if (t.name === 'row') filled = false;
    else if (t.name === 'v' || t.name === 't' || t.name === 'f') inValue = true;
  });
  parser.on('text', (s) => {
    if (inValue && s.trim() !== '') filled = true;
  });
  parser.on('closetag', (t) => {
    if (t.name === 'v' || t.name === 't' || t.name === 'f') inValue = false;
    else if (t.name === 'row' && filled) rows++;
  });
  for await (const _ of saxChunks(entry, parser)) {
  }
  return rows;
}
