/** Formats officials read everywhere: 2026-12-07, 2026-12-07 14:30, 12,345, ¥4,500, 52.3%. */
const CHINA = 'Asia/Shanghai';
const parts = (d: Date) =>
  Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: CHINA,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );

export function formatDate(v: string | Date | null | undefined): string {
  if (!v) return '—';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const p = parts(new Date(v));
  return `${p.year}-${p.month}-${p.day}`;
}

export function formatDateTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  const p = parts(new Date(v));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return new Intl.NumberFormat('en-US').format(v);
}

export function formatMoney(v: number | null | undefined, perMonth = false): string {
  if (v === null || v === undefined) return '—';
  return perMonth ? `${formatNumber(v)}元/月` : `¥${formatNumber(v)}`;
}

/** A rate given as a fraction (0.523 → 52.3%). */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/** Today in China, as YYYY-MM-DD. */
export function todayInChina(): string {
  return formatDate(new Date());
}
