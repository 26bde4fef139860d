/**
 * The demo is generated relative to a fixed reference date, never the clock, so a seed gives the same rows
 * (release dates, validity, registrations) on any day. Timestamps are China time.
 */
export const DEFAULT_REFERENCE_DATE = '2026-03-01';

const DAY_MS = 86_400_000;

/** `date` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The instant `minutes` after midnight of `date` in China (UTC+8). */
export function chinaTime(date: string, minutes: number): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000);
}

export const yearOf = (date: string): number => Number(date.slice(0, 4));

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function assertIsoDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new Error(`demo: reference date must be YYYY-MM-DD, got "${date}"`);
  }
  return date;
}
