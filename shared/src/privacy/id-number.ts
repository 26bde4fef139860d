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

/** 18-character (17 digits and a check character) and old 15-digit ID numbers standing alone in a text. */
const ID_NUMBERS_IN_TEXT = /(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;

/**
 * A text (a rejection reason that quotes a cell, say) with every ID number in it masked: an ID typed into
 * the wrong column must not come back whole in a reason, a report or a log line.
 */
export function maskIdNumbersIn(text: string): string {
  return text.replace(ID_NUMBERS_IN_TEXT, (id) => maskIdNumber(id));
}
