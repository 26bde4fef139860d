import type { ListKind } from '@qihang/shared/domain/index';
import { maskIdNumber } from '@qihang/shared/privacy/id-number';
import { contentHash } from '@qihang/shared/util/hash';
import { cappedRaw } from '../sources/cell-limit';
import type { SourceRow } from '../types';

// Anything shaped like a resident ID number, in whatever column it was typed.
const ID_LIKE = /^\s*\d{6}\s*(19|20)\d{2}\s*\d{2}\s*\d{2}\s*\d{3}\s*[\dXx]\s*$/;

/**
 * The original values as they may be kept: ID numbers masked (the number itself is never stored), long texts
 * cut (sources/cell-limit.ts).
 */
export function maskedRaw(row: SourceRow): Record<string, unknown> {
  const idHeader = row.headerOf.idNumber;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row.raw)) {
    const text = typeof v === 'string' ? v.normalize('NFKC') : typeof v === 'number' ? String(v) : null;
    out[k] = k === idHeader || (text !== null && ID_LIKE.test(text)) ? maskIdNumber(String(text ?? v)) : v;
  }
  return cappedRaw(out);
}

/** Identifies the same bad row across uploads of one list from one source. */
export const rowHash = (kind: ListKind, source: string, masked: Record<string, unknown>): string =>
  contentHash({ kind, source, raw: masked });
