import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted, so equal values always hash equally. Written as loops over sorted keys (no
 * entry arrays): ingest hashes every row it reads, and this was a tenth of a large upload's CPU.
 */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + stableStringify(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort orders by UTF-16 code units, as comparing the strings with < does.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Hash of a record's content, insensitive to key order. */
export const contentHash = (value: unknown): string => sha256Hex(stableStringify(value));
