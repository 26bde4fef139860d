/**
 * Excel's own limit on a cell: 32,767 characters. A longer cell cannot come from Excel or WPS; it is refused
 * with its row, and without holding it: a 200 KB zip can unpack to a single 200 MB cell.
 */
import type { RowError, SourceRow } from '../types';

export const EXCEL_CELL_LIMIT = 32_767;

/**
 * Put in place of what was cut from an overlong text (a private-use character no list holds), so the
 * cell is known to be too long whatever its kept length.
 */
export const CUT_MARK = '\uf8ff';

/**
 * Raw XML kept of one text run. An entity (`&#x4E2D;`) is at most 10 characters of XML for one character,
 * so a cell within the limit never reaches this.
 */
const MAX_RAW_RUN = 10 * (EXCEL_CELL_LIMIT + 1);
const MAX_ENTITY = 12;

/**
 * A filter for XML text on its way to the SAX parser, stateful across chunks: every text run (between `>`
 * and `<`) longer than MAX_RAW_RUN is cut there (after finishing an entity it is in the middle of) and ends
 * in CUT_MARK. Tags pass untouched.
 */
export function textRunCap(maxRun = MAX_RAW_RUN): (chunk: string) => string {
  let inText = false;
  let run = 0;
  let entityOpen = false;
  let cut: 'no' | 'finishing' | 'done' = 'no';
  let finishing = 0;
  return (chunk) => {
    let out = '';
    let i = 0;
    while (i < chunk.length) {
      if (!inText) {
        const gt = chunk.indexOf('>', i);
        if (gt < 0) return out + chunk.slice(i);
        out += chunk.slice(i, gt + 1);
        i = gt + 1;
        inText = true;
        run = 0;
        entityOpen = false;
        cut = 'no';
        continue;
      }
      const lt = chunk.indexOf('<', i);
      const end = lt < 0 ? chunk.length : lt;
      if (cut === 'no') {
        const keep = chunk.slice(i, Math.min(end, i + (maxRun - run)));
        out += keep;
        run += keep.length;
        const amp = keep.lastIndexOf('&');
        const semi = keep.lastIndexOf(';');
        if (amp > semi) entityOpen = true;
        else if (semi > amp) entityOpen = false;
        i += keep.length;
        if (run >= maxRun && i < end) {
          cut = entityOpen ? 'finishing' : 'done';
          finishing = 0;
          if (cut === 'done') out += CUT_MARK;
        }
      } else if (cut === 'finishing') {
        while (i < end && cut === 'finishing') {
          const c = chunk[i++]!;
          out += c;
          if (c === ';' || ++finishing >= MAX_ENTITY) {
            cut = 'done';
            out += CUT_MARK;
          }
        }
      } else i = end;
      if (lt >= 0 && i >= lt) inText = false;
    }
    return out;
  };
}

const isOverlong = (v: unknown) =>
  typeof v === 'string' && (v.length > EXCEL_CELL_LIMIT || v.includes(CUT_MARK));

/** The row's cells over Excel's limit, as reasons that reject it; null when there are none. */
export function overlongCellErrors(row: SourceRow): RowError[] | null {
  const headers = Object.entries(row.raw)
    .filter(([, v]) => isOverlong(v))
    .map(([header]) => header);
  if (headers.length === 0) return null;
  return headers.map((field) => ({
    field,
    reason: `单元格内容超过 Excel 的上限（${EXCEL_CELL_LIMIT.toLocaleString('en-US')} 个字符），整行未导入`,
  }));
}

/** What a kept rejected row may hold of one value, and of all its values together. */
const KEPT_VALUE_CHARS = 5_000;
const KEPT_ROW_CHARS = 50_000;

/**
 * A rejected row's values as they are stored and served back: each text cut to KEPT_VALUE_CHARS (saying
 * so), and the row to KEPT_ROW_CHARS in all (later columns left out, saying so).
 */
export function cappedRaw(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let total = 0;
  for (const [k, v] of Object.entries(raw)) {
    let value = v;
    if (typeof v === 'string' && (v.length > KEPT_VALUE_CHARS || v.includes(CUT_MARK))) {
      value = `${v.slice(0, KEPT_VALUE_CHARS).replaceAll(CUT_MARK, '')}…（内容过长，已截断）`;
    }
    total += k.length + (typeof value === 'string' ? value.length : 16);
    if (total > KEPT_ROW_CHARS) {
      out['…'] = '（其余列过长，未保存）';
      break;
    }
    out[k] = value;
  }
  return out;
}
