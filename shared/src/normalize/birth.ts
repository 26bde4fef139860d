import { parseDate } from './dates';
import { compactText } from './text';

export type BirthResult =
  | { ok: true; year: number; month: number | null; day: number | null }
  | { ok: false; reason: string };

/** A two-digit year (88-5, 90.05) is the latest year ending so that makes the person at least 16. */
function fullYear(yy: number, thisYear: number): number {
  const century = Math.floor(thisYear / 100) * 100;
  return century + yy <= thisYear - 16 ? century + yy : century - 100 + yy;
}

const ok = (year: number, month: number | null = null, day: number | null = null): BirthResult =>
  month !== null && (month < 1 || month > 12)
    ? { ok: false, reason: `出生月份${month}不存在` }
    : { ok: true, year, month, day };

/**
 * A birth date or year as bureaus write it: 1985-03-11, 1985年3月, 1985, 88-5, 90.05, 78年7月, 05/12/1990
 * (day/month/year), an Excel date serial typed into a text cell (31118), or a date cell.
 */
export function parseBirth(value: unknown, thisYear: number): BirthResult {
  if (value instanceof Date || typeof value === 'number') {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1900 && value <= thisYear)
      return ok(value);
    const d = parseDate(value);
    if (!d.ok) return d;
    const [y, m, dd] = d.date.split('-').map(Number) as [number, number, number];
    return ok(y, m, dd);
  }
  const raw = String(value ?? '');
  const text = compactText(raw).replace(/[号日]$/, '');
  // An Excel date serial in a text cell: 31118 is 1985-03-11, not the year 3111.
  if (/^\d{5}(\.0+)?$/.test(text)) return parseBirth(Number(text), thisYear);
  let m = /^(\d{4})(?:年|[-/.](?=\d))?(?:(\d{1,2})(?:月|[-/.](?=\d))?(?:(\d{1,2}))?)?$/.exec(text);
  if (m && Number(m[1]) >= 1900) {
    const d = m[3] ? parseDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
    if (d && !d.ok) return d;
    return ok(Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null);
  }
  // 05/12/1990, 5-12-1990: day first, year last.
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (m) {
    const d = parseDate(`${m[3]}-${m[2]}-${m[1]}`);
    return d.ok ? ok(Number(m[3]), Number(m[2]), Number(m[1])) : d;
  }
  // 88-5, 90.05, 78年7月, 85年: a two-digit year.
  m = /^(\d{2})(?:年|[-/.])(?:(\d{1,2})月?)?$/.exec(text) ?? /^(\d{2})年$/.exec(text);
  if (m) return ok(fullYear(Number(m[1]), thisYear), m[2] ? Number(m[2]) : null);
  return { ok: false, reason: `无法识别的出生日期“${raw}”（请写成 1985-03-11 或 1985年3月）` };
}
