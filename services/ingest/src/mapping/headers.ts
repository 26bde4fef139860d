import type { ListKind } from '@qihang/shared/domain/index';
import { compactText } from '@qihang/shared/normalize/text';
import { type FieldDef, fieldsOf } from './fields';

/** Which field each column holds, and the columns that hold none. */
export interface HeaderMapping {
  /** Column index → field key (columns mapped to nothing are absent). */
  fields: Map<number, string>;
  /** Column index → header as written (made unique, e.g. 联系电话(2)). */
  headers: Map<number, string>;
  unmapped: string[];
}

/** 薪资（元/月）* → 薪资: notes in brackets, required-markers and colons say nothing about the field. */
export function headerKey(header: string): string {
  return compactText(header)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[*＊:：\s]/g, '');
}

interface Lookup {
  exact: Map<string, string>;
  /** [synonym, field] longest first, for headers that contain a known synonym (户籍地（县）→ origin). */
  contained: [string, string][];
}

const lookups = new Map<ListKind, Lookup>();

function lookupFor(kind: ListKind): Lookup {
  let l = lookups.get(kind);
  if (l) return l;
  const exact = new Map<string, string>();
  const contained: [string, string][] = [];
  for (const [field, def] of Object.entries(fieldsOf(kind)) as [string, FieldDef][]) {
    exact.set(field.toLowerCase(), field);
    for (const h of def.headers) {
      const key = headerKey(h);
      if (!exact.has(key)) exact.set(key, field);
      if (key.length >= 2) contained.push([key, field]);
    }
  }
  contained.sort((a, b) => b[0].length - a[0].length);
  l = { exact, contained };
  lookups.set(kind, l);
  return l;
}

/** The field a header means, if any: exact synonyms first, then the longest synonym it contains. */
export function fieldForHeader(kind: ListKind, header: string): string | undefined {
  const key = headerKey(header);
  if (!key) return undefined;
  const l = lookupFor(kind);
  return (
    l.exact.get(key) ?? l.exact.get(key.toLowerCase()) ?? l.contained.find(([syn]) => key.includes(syn))?.[1]
  );
}

/** Maps a header row; a field claimed by an earlier column leaves later ones unmapped. */
export function mapHeaders(kind: ListKind, cells: readonly unknown[]): HeaderMapping {
  const fields = new Map<number, string>();
  const headers = new Map<number, string>();
  const unmapped: string[] = [];
  const taken = new Set<string>();
  const seen = new Map<string, number>();
  cells.forEach((cell, i) => {
    // Kept as written (trimmed), so reasons and kept rows name the column the official sees.
    const text = String(cell ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) return;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    const header = n === 1 ? text : `${text}(${n})`;
    headers.set(i, header);
    const field = fieldForHeader(kind, text);
    if (field && !taken.has(field)) {
      fields.set(i, field);
      taken.add(field);
    } else unmapped.push(header);
  });
  return { fields, headers, unmapped };
}

/** A row looks like the header row when at least this many of its cells name a field. */
export const MIN_HEADER_FIELDS = 2;

/** True when the field definitions mark the field as carried down through merged cells. */
export const isFillDown = (kind: ListKind, field: string): boolean =>
  fieldsOf(kind)[field]?.fillDown === true;
