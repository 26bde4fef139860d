import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaxesParser } from 'saxes';
import { Parse } from 'unzipper';
import { InputError } from '../pipeline/run';
import type { WorkbookSheets } from '../types';
import type { Cell, TableRow } from './table';
import {
  type Chunks,
  countFilledRows,
  MalformedXml,
  ownString,
  readDateStyles,
  readSharedStrings,
  readWorkbookRels,
  readWorkbookSheets,
  type SheetEntry,
  saxChunks,
} from './xlsx-parts';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A tab of notes for whoever fills the list in (填表说明, 说明, 注意事项): never the list itself. */
export const isInstructionsTab = (name: string): boolean =>
  /^(填表|填报|使用|导入)?(说明|须知|注意事项|指南|示例|样例|例子)|^(readme|instructions?)$/i.test(
    name.trim(),
  );

/** "BC12" → 54 (0-based column index). */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

interface SheetContext {
  strings: string[];
  dateStyles: Set<number>;
}

/** Streams the rows of one worksheet's XML, each row as soon as it closes. */
async function* sheetRows(entry: Chunks, ctx: SheetContext): AsyncGenerator<TableRow> {
  const parser = new SaxesParser();
  const done: TableRow[] = [];
  let row: TableRow | null = null;
  let nextRow = 1;
  let col = 0;
  let type = 'n';
  let style = 0;
  let text = '';
  let inValue = false;
  parser.on('opentag', (t) => {
    const a = t.attributes as Record<string, string>;
    if (t.name === 'row') {
      const r = Number(a.r);
      row = { rowNumber: Number.isFinite(r) && r > 0 ? r : nextRow, cells: [] };
      nextRow = row.rowNumber + 1;
      col = 0;
    } else if (t.name === 'c') {
      col = a.r ? columnIndex(a.r) : col;
      type = a.t ?? 'n';
      style = Number(a.s ?? 0);
      text = '';
    } else if (t.name === 'v' || (t.name === 't' && type === 'inlineStr')) inValue = true;
  });
  parser.on('text', (s) => {
    if (inValue) text += s;
  });
  parser.on('closetag', (t) => {
    if (t.name === 'v' || t.name === 't') inValue = false;
    else if (t.name === 'c' && row) {
      row.cells[col] = cellValue(type, text, style, ctx);
      col++;
    } else if (t.name === 'row' && row) {
      done.push(row);
      row = null;
    }
  });
  for await (const _ of saxChunks(entry, parser)) {
    while (done.length) yield done.shift()!;
  }
}

function cellValue(type: string, text: string, style: number, ctx: SheetContext): Cell {
  switch (type) {
    case 's':
      return ctx.strings[Number(text)] ?? null;
    case 'inlineStr':
    case 'str':
      return ownString(text);
    case 'b':
      return text === '1';
    case 'e':
      return null;
    case 'd':
      return text ? new Date(text) : null;
    default: {
      if (text === '') return null;
      const n = Number(text);
      return ctx.dateStyles.has(style) ? new Date(EXCEL_EPOCH_MS + Math.round(n * 86_400_000)) : n;
    }
  }
}

/**
 * Sheets held on disk at once, unpacked (a workbook's sheets before its list of tabs): a 50 MB upload of
 * very repetitive XML unpacks to gigabytes.
 */
const MAX_SPOOL_BYTES = 1024 * 1024 * 1024;
export const TOO_LARGE = '工作簿解压后过大：请删除不需要的工作表，或把清单拆成几个文件上传';

/** What the uploader is told when the bytes are not a whole XLSX file. */
export const NOT_XLSX =
  '文件不是完整有效的 XLSX 文件（可能已损坏、未传完，或不是 Excel 文件），请在 Excel/WPS 中重新保存后上传';

/**
 * Streams the rows of the workbook's first visible tab without holding the sheet: the zip is read as it
 * arrives and the sheet XML parsed row by row. Only the shared strings are kept in memory (cells refer to
 * them by index). Where a writer put the sheet before the shared strings or styles it needs, the sheet is
 * spooled to a temporary file and read once they are known. The other tabs' filled rows are counted into
 * `sheets.skipped` (complete when the rows end), so an uploader learns what was not imported. A workbook of
 * one sheet needs nothing more ([Content_Types].xml, first in the zip, lists the sheets); with several, which
 * is first is known from xl/workbook.xml — which some writers (exceljs) put after the sheets: then the sheets
 * are spooled until it is read.
 *
 * Bytes that are not a zip, a zip cut short (an upload that did not finish), an entry that does not inflate
 * or XML that does not parse end the rows with an InputError saying so (the cause attached). Anything else —
 * an error of the input stream, of the spool file, of this code — is passed on as it is.
 */
export async function* readXlsxRows(
  input: Readable,
  sheets: WorkbookSheets = { sheet: null, skipped: [] },
  options: { maxSpoolBytes?: number; maxSharedStringsBytes?: number } = {},
): AsyncGenerator<TableRow> {
  const maxSpoolBytes = options.maxSpoolBytes ?? MAX_SPOOL_BYTES;
  const maxSharedStringsBytes = options.maxSharedStringsBytes ?? SHARED_STRINGS_BYTES;
  let spooledBytes = 0;
  const ctx: SheetContext = { strings: [], dateStyles: new Set() };
  const pending = { strings: false, styles: false };
  // Part names are compared in lower case: they are case-insensitive (ECMA-376 part 2, 8.1.1.2), and
  // writers differ (a relationship to worksheets/Sheet1.xml for the zip entry xl/worksheets/sheet1.xml).
  let tabs: SheetEntry[] | undefined;
  let rels: Map<string, string> | undefined;
  /** Worksheet parts as [Content_Types].xml lists them. */
  let parts: string[] | undefined;
  /** The part of the tab to import, once known: the only sheet, or the first visible tab. */
  const chosenPath = () => {
    if (tabs && rels) {
      const worksheets = tabs.filter((t) => rels!.get(t.relId)?.startsWith('xl/worksheets/'));
      const tab =
        worksheets.find((t) => !t.hidden && !isInstructionsTab(t.name)) ??
        worksheets.find((t) => !t.hidden) ??
        worksheets[0];
      if (tab) return rels.get(tab.relId);
    }
    return parts?.length === 1 ? parts[0] : undefined;
  };
  let imported: string | null = null;
  /** Filled rows of the sheets not imported (null: the sheet's XML could not be read). */
  const counted = new Map<string, number | null>();
  /** Sheets written to disk before it was known whether (or how) to read them, by part. */
  const spooled = new Map<string, string>();
  const seen = new Set<string>();
  const spoolDir = mkdtempSync(path.join(tmpdir(), 'qihang-xlsx-'));
  const zip = Parse({ forceStream: true });
  /** Errors that say the bytes are no (whole) XLSX: the zip reader's and its entries'. */
  const badFile = new WeakSet<object>();
  // The zip reader reports a file that ends inside an entry on itself, not on the entry, which would wait
  // for the rest of its bytes forever — and it may report it before that entry reaches this loop. So the
  // entry being read, and every entry after the error, is ended with it.
  let current: Readable | null = null;
  let zipError: Error | null = null;
  let inputError: Error | null = null;
  zip.on('error', (err: Error) => {
    if (err !== inputError) badFile.add(err);
    zipError = err;
    current?.destroy(err);
  });
  const onInputError = (err: Error) => {
    inputError = err;
    zip.destroy(err);
  };
  input.on('error', onInputError);
  input.pipe(zip);
  /** A sheet that is not imported: its filled rows, or null when its XML does not parse. */
  const countOf = (sheet: Chunks) =>
    countFilledRows(sheet).catch((err: unknown) => {
      if (err instanceof MalformedXml) return null;
      throw err;
    });
  try {
    for await (const entry of zip) {
      current = entry;
      // Errors of an entry (it does not inflate, or the file ended inside it) reach the read below; the
      // listener marks them and keeps them from being an uncaught 'error' event.
      entry.on('error', (err: Error) => {
        if (err !== inputError) badFile.add(err);
      });
      if (zipError) entry.destroy(zipError);
      const name = entry.path.replace(/^\//, '').toLowerCase();
      const again = seen.has(name);
      seen.add(name);
      if (again) {
        // A second entry of the same name (a damaged or doctored zip): the first one counts.
        for await (const _ of entry) {
        }
      } else if (name === '[content_types].xml') {
        const types = (await collect(capped(entry, SMALL_PART_BYTES))).toString('utf8').toLowerCase();
        pending.strings = types.includes('/xl/sharedstrings.xml');
        pending.styles = types.includes('/xl/styles.xml');
        parts = [...types.matchAll(/partname="\/?(xl\/worksheets\/[^"/]+\.xml)"/g)].map((m) => m[1]!);
      } else if (name === 'xl/sharedstrings.xml') {
        ctx.strings = await readSharedStrings(capped(entry, maxSharedStringsBytes));
        pending.strings = false;
      } else if (name === 'xl/styles.xml') {
        ctx.dateStyles = await readDateStyles(capped(entry, SMALL_PART_BYTES));
        pending.styles = false;
      } else if (name === 'xl/workbook.xml') {
        tabs = await readWorkbookSheets(capped(entry, SMALL_PART_BYTES));
      } else if (name === 'xl/_rels/workbook.xml.rels') {
        rels = await readWorkbookRels(capped(entry, SMALL_PART_BYTES));
      } else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
        const chosen = chosenPath();
        if (chosen !== undefined && chosen !== name) counted.set(name, await countOf(entry));
        else if (chosen === name && !pending.strings && !pending.styles) {
          imported = name;
          yield* sheetRows(entry, ctx);
        } else {
          const file = path.join(spoolDir, `sheet${spooled.size}.xml`);
          // Opened before the entry flows, so no file is still being created when the folder is removed.
          const out = createWriteStream(file);
          await once(out, 'open');
          const limit = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              spooledBytes += chunk.length;
              done(spooledBytes > maxSpoolBytes ? new InputError(TOO_LARGE) : null, chunk);
            },
          });
          await pipeline(entry, limit, out);
          spooled.set(name, file);
        }
      } else {
        // Read through rather than autodrain(): a drain's promise never settles when the entry fails.
        for await (const _ of entry) {
        }
      }
      current = null;
    }
    if (imported === null) {
      // Without a list of tabs, the first sheet in the zip.
      const chosen = chosenPath() ?? spooled.keys().next().value;
      if (chosen === undefined || !spooled.has(chosen)) throw new InputError(NOT_XLSX);
      imported = chosen;
    }
    for (const [part, file] of spooled) {
      if (part === imported) yield* sheetRows(createReadStream(file), ctx);
      else counted.set(part, await countOf(createReadStream(file)));
    }
    // Named as the tabs read; in the tabs' order.
    const tabOf = new Map<string, SheetEntry>();
    for (const tab of tabs ?? []) {
      const target = rels?.get(tab.relId);
      if (target) tabOf.set(target, tab);
    }
    const label = (part: string) => tabOf.get(part)?.name ?? path.posix.basename(part, '.xml');
    const order = new Map([...tabOf.keys()].map((part, i) => [part, i]));
    const rank = (part: string) => order.get(part) ?? order.size;
    sheets.sheet = label(imported);
    sheets.skipped = [...counted]
      .filter(([, rows]) => rows !== 0)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([part, rows]) => ({ sheet: label(part), rows, hidden: tabOf.get(part)?.hidden ?? false }));
  } catch (err) {
    if (err instanceof InputError) throw err;
    if (err instanceof MalformedXml || (typeof err === 'object' && err !== null && badFile.has(err))) {
      throw new InputError(NOT_XLSX, { cause: err });
    }
    throw err;
  } finally {
    input.off('error', onInputError);
    input.unpipe(zip);
    zip.destroy();
    // A leftover temporary folder must not replace what the caller is told.
    try {
      rmSync(spoolDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {}
  }
}

/**
 * The parts held in memory whole, unpacked: the shared strings (every text cell of a 100k-row list is
 * ~40 MB) and the small ones (tab list, relationships, styles, content types). A file past these is a zip
 * bomb, not a list: refused before it takes the process's memory.
 */
const SHARED_STRINGS_BYTES = 256 * 1024 * 1024;
const SMALL_PART_BYTES = 16 * 1024 * 1024;

async function* capped(entry: Chunks, maxBytes: number): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of entry) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new InputError(TOO_LARGE);
    yield chunk;
  }
}

async function collect(stream: Chunks): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
