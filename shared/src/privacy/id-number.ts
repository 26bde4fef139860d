import { createHmac } from 'node:crypto';

/** Uppercase, no spaces, full-width digits folded: the form the hash is taken over. */
export function canonicalIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/**
 * Keyed hash (HMAC-SHA256) of a resident ID number: equal numbers give equal hashes, so people dedupe,
 * but without the key the number cannot be recovered by trying all ~10^10 plausible numbers.
 */
export function idNumberHash(key: string, idNumber: string): string {
  return createHmac('sha256', key).update(canonicalIdNumber(idNumber)).digest('hex');
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '?';
}

/** True for an 18-character resident ID number whose check character matches. */
export function isValidIdNumber(raw: string): boolean {
  const id = canonicalIdNumber(raw);
  return /^\d{17}[\dX]$/.test(id) && idNumberCheckChar(id.slice(0, 17)) === id[17];
}

/** For error messages and kept rejected rows: never more than the first 6 and last 2 characters. */
export function maskIdNumber(raw: string): string {
  const id = canonicalIdNumber(raw);
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 8)}${id.slice(-2)}`;
}

/** A digit as people type it: ASCII or full-width. */
const D = '[0-9\uff10-\uff19]';
/** What people put between digit groups: spaces (full-width too) and dashes of every width. */
const SEP = '[\\s\u2010-\u2015\uff0d-]?';
const NOT_ALNUM_BEFORE = '(?<![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])';
const NOT_ALNUM_AFTER = '(?![0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a])';

/**
 * 18-character (17 digits and a check character) and old 15-digit ID numbers standing alone in a text, in
 * every form the API accepts: full-width digits, and spaces or dashes between the digits (6-8-4, 6 8 4 …).
 */
const ID_NUMBERS_IN_TEXT = new RegExp(
  `${NOT_ALNUM_BEFORE}(?:${D}(?:${SEP}${D}){16}${SEP}[0-9\uff10-\uff19Xx\uff38\uff58]|${D}(?:${SEP}${D}){14})${NOT_ALNUM_AFTER}`,
  'g',
);

/**
 * A text (a rejection reason that quotes a cell, say) with every ID number in it masked: an ID typed into
 * the wrong column must not come back whole in a reason, a report or a log line.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBERS_IN_TEXT, (id) => maskIdNumber(id.replace(/[\s\u2010-\u2015\uff0d-]/g, '')));
}

/**
 * Mainland mobile numbers (optionally +86), as 11 digits or grouped 3-4-4 with spaces or dashes, and
 * landlines with an area code (0731-8888 8888). Full-width digits count.
 */
const PHONES_IN_TEXT = new RegExp(
  `${NOT_ALNUM_BEFORE}(?:(?:\\+?86${SEP})?[1\uff11][3-9\uff13-\uff19]${D}(?:${SEP}${D}{4}){2}|[0\uff10]${D}{2,3}${SEP}${D}{3,4}${SEP}${D}{4})${NOT_ALNUM_AFTER}`,
  'g',
);

/** For log lines: ID numbers masked as in maskIdNumbersIn, and phone numbers replaced whole. */
export function maskPersonalNumbersIn(text: string): string {
  return maskIdNumbersIn(text).replace(PHONES_IN_TEXT, '[phone]');
}
