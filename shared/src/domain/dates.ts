import { z } from 'zod';

/** Officials count by the calendar day in China (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Today's date in China, YYYY-MM-DD. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The first instant after the whole of `date` in China: "as of date D" means `at < endOfChinaDay(D)`. */
export function endOfChinaDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1) - CHINA_OFFSET_MS);
}

/** The first instant of `date` in China. */
export function startOfChinaDay(date: string): Date {
  return new Date(endOfChinaDay(date).getTime() - 86_400_000);
}

/** A calendar date as the API and the command line take it: YYYY-MM-DD. */
export const isoDate = z.iso.date();
