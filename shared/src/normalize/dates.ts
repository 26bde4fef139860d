import { compactText } from './text';

export type DateResult = { ok: true; date: string } | { ok: false; reason: string };

/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

function fromParts(y: number, m: number, d: number, raw: string): DateResult {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false, reason: `日期“${raw}”不存在` };
  if (y < 1900 || y > 2100) return { ok: false, reason: `日期“${raw}”的年份超出范围` };
  return { ok: true, date: `${y}-${pad(m)}-${pad(d)}` };
}

/**
 * A date as spreadsheets and people give it → ISO yyyy-mm-dd: a Date cell, an Excel serial number (46086),
 * "2026/3/5", "2026-03-05", "2026.3.5", "2026年3月5日", "20260305", "2026年3月" (the 1st).
 */
export function parseDate(value: unknown): DateResult {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '日期无效' };
    // Spreadsheet dates carry no zone: a date cell is read at UTC midnight.
    return fromParts(
      value.getUTCFullYear(),
      value.getUTCMonth() + 1,
      value.getUTCDate(),
      value.toISOString(),
    );
  }
  if (typeof value === 'number') return fromSerial(value, String(value));
  const raw = String(value ?? '');
  // ISO timestamps (2026-03-11T00:00:00.000Z) from JSON: the date part is the date.
  const text = compactText(raw)
    .replace(/\s/g, '')
    .replace(/T\d{2}:\d{2}.*$/, '');
  if (text === '') return { ok: false, reason: '日期为空' };
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]), raw);
  m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(text);
  if (m) return fromParts(Number(m[1]), Number(m[2]), 1, raw);
  if (/^\d{5}(\.\d+)?$/.test(text)) return fromSerial(Number(text), raw);
  return { ok: false, reason: `无法识别的日期“${raw}”（请写成 2026-03-05 或 2026/3/5）` };
}

function fromSerial(serial: number, raw: string): DateResult {
  if (!Number.isFinite(serial) || serial < 1 || serial > 80_000)
    return { ok: false, reason: `无法识别的日期“${raw}”` };
  const d = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return fromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), raw);
}
