import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SaxesParser } from 'saxes';
import { Parse } from 'unzipper';
import { InputError } from '../pipeline/run';
import type { Cell, TableRow } from './table';
import { MalformedXml, ownString, readDateStyles, readSharedStrings, saxChunks } from './xlsx-parts';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

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
async function* sheetRows(entry: Readable, ctx: SheetContext): AsyncGenerator<TableRow> {
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

/** What the uploader is told when the bytes are not a whole XLSX file. */
export const NOT_XLSX =
  '文件不是完整有效的 XLSX 文件（可能已损坏、未传完，或不是 Excel 文件），请在 Excel/WPS 中重新保存后上传';

/**
 * Streams the rows of the first worksheet of an XLSX file without holding the sheet: the zip is read as it
 * arrives and the sheet XML parsed row by row. Only the shared strings are kept in memory (cells refer to
 * them by index). Where a writer put the sheet before the shared strings or styles it needs, the sheet is
 * spooled to a temporary file and read once they are known.
 *
 * Bytes that are not a zip, a zip cut short (an upload that did not finish), an entry that does not inflate
 * or XML that does not parse end the rows with an InputError saying so (the cause attached). Anything else —
 * an error of the input stream, of the spool file, of this code — is passed on as it is.
 */
export async function* readXlsxRows(input: Readable): AsyncGenerator<TableRow> {
  const ctx: SheetContext = { strings: [], dateStyles: new Set() };
  const pending = { strings: false, styles: false };
  let sheetDone = false;
  let spooled: string | null = null;
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
  try {
    for await (const entry of zip) {
      current = entry;
      // Errors of an entry (it does not inflate, or the file ended inside it) reach the read below; the
      // listener marks them and keeps them from being an uncaught 'error' event.
      entry.on('error', (err: Error) => {
        if (err !== inputError) badFile.add(err);
      });
      if (zipError) entry.destroy(zipError);
      const name = entry.path.replace(/^\//, '');
      if (name === '[Content_Types].xml') {
        const types = (await collect(entry)).toString('utf8');
        pending.strings = types.includes('/xl/sharedStrings.xml');
        pending.styles = types.includes('/xl/styles.xml');
      } else if (name === 'xl/sharedStrings.xml') {
        ctx.strings = await readSharedStrings(entry);
        pending.strings = false;
      } else if (name === 'xl/styles.xml') {
        ctx.dateStyles = await readDateStyles(entry);
        pending.styles = false;
      } else if (!sheetDone && /^xl\/worksheets\/sheet\d*\.xml$/.test(name)) {
        sheetDone = true;
        if (pending.strings || pending.styles) {
          spooled = path.join(spoolDir, 'sheet.xml');
          await pipeline(entry, createWriteStream(spooled));
        } else yield* sheetRows(entry, ctx);
      } else {
        // Read through rather than autodrain(): a drain's promise never settles when the entry fails.
        for await (const _ of entry) {
        }
      }
      current = null;
    }
    if (!sheetDone) throw new InputError(NOT_XLSX);
    if (spooled) yield* sheetRows(createReadStream(spooled), ctx);
  } catch (err) {
    if (err instanceof MalformedXml || (typeof err === 'object' && err !== null && badFile.has(err))) {
      throw new InputError(NOT_XLSX, { cause: err });
    }
    throw err;
  } finally {
    input.off('error', onInputError);
    input.unpipe(zip);
    zip.destroy();
    rmSync(spoolDir, { recursive: true, force: true });
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
