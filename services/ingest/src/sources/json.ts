import type { ListKind } from '@qihang/shared/domain/index';
import { ValidationError } from '@qihang/shared/errors';
import type { SourceRow } from '../types';
import { jsonRecord } from './table';

/** At most this many records in one API call; larger lists go through a file upload. */
export const MAX_RECORDS_PER_CALL = 10_000;

/**
 * Records posted through the API: one object, an array, or `{ records: [...] }`. Keys may be field names
 * (idNumber, title …) or the Chinese headers of the lists (身份证号, 岗位名称 …). Row numbers are 1-based
 * positions in the array.
 */
export function jsonRecords(kind: ListKind, body: unknown): SourceRow[] {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object' && Array.isArray((body as { records?: unknown }).records)
      ? (body as { records: unknown[] }).records
      : [body];
  if (list.length > MAX_RECORDS_PER_CALL)
    throw new ValidationError(`at most ${MAX_RECORDS_PER_CALL} records per call; upload a file for more`);
  return list.map((r, i) => {
    if (!r || typeof r !== 'object' || Array.isArray(r))
      throw new ValidationError('every record must be a JSON object', [
        { path: `records.${i}`, message: 'not an object' },
      ]);
    return jsonRecord(kind, i + 1, r as Record<string, unknown>);
  });
}
