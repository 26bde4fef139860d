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
  /** For every field some column could hold: the column chosen and the candidates passed over. */
  choices: ColumnChoice[];
  /** Columns whose header names a field, read or passed over. */
  named: number;
}

/** The report's account of one field: which column was read, which other columns could have been. */
export interface ColumnChoice {
  field: string;
  /** The field's Chinese name. */
  label: string;
  /** The header read, or null when every candidate was refused (a family member's phone, say). */
  column: string | null;
  passedOver: string[];
}

/** 薪资（元/月）* → 薪资: notes in brackets, required-markers and colons say nothing about the field. */
export function headerKey(header: string): string {
  return compactText(header)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[*＊:：\s]/g, '');
}

interface Lookup {
  /** Synonym → [field, rank] (0 is the field's own best name). */
  exact: Map<string, [string, number]>;
  /** [synonym, field, rank] longest first, for headers that contain a known synonym (户籍地（县）→ origin). */
  contained: [string, string, number][];
}

const lookups = new Map<ListKind, Lookup>();

function lookupFor(kind: ListKind): Lookup {
  let l = lookups.get(kind);
  if (l) return l;
  const exact = new Map<string, [string, number]>();
  const contained: [string, string, number][] = [];
  for (const [field, def] of Object.entries(fieldsOf(kind)) as [string, FieldDef][]) {
    exact.set(field.toLowerCase(), [field, 0]);
    def.headers.forEach((h, rank) => {
      const key = headerKey(h);
      if (!exact.has(key)) exact.set(key, [field, rank]);
      if (key.length >= 2) contained.push([key, field, rank]);
    });
  }
  contained.sort((a, b) => b[0].length - a[0].length);
  l = { exact, contained };
  lookups.set(kind, l);
  return l;
}

/**
 * Words that make a column about someone else: 家庭联系电话, 紧急联系人电话, 父母电话 are not the person's own
 * phone. Such a column is a candidate that is never read as the field (the report names it as passed over).
 */
const SOMEONE_ELSE = /家庭|家属|紧急|联系人|父母|父亲|母亲|监护|亲属|配偶|爱人|担保/;
const FIELDS_OF_THE_PERSON = new Set(['phone', 'name', 'idNumber']);
/** 本人手机号, 个人电话: explicitly the person's own. */
const OWN = /本人|个人|自己/;

interface Candidate {
  field: string;
  /** Higher is better; below 0: never read. */
  score: number;
}

/** The field a header (under an optional group header) could hold, and how well. */
function candidateFor(kind: ListKind, header: string, group = ''): Candidate | undefined {
  const key = headerKey(header);
  if (!key) return undefined;
  const l = lookupFor(kind);
  let hit: [string, number] | undefined = l.exact.get(key) ?? l.exact.get(key.toLowerCase());
  let score = hit ? 200 - hit[1] : 0;
  if (!hit) {
    const c = l.contained.find(([syn]) => key.includes(syn));
    if (!c) return undefined;
    hit = [c[1], c[2]];
    score = 100 - c[2];
  }
  const field = hit[0];
  if (kind === 'people' && FIELDS_OF_THE_PERSON.has(field)) {
    if (SOMEONE_ELSE.test(key) || SOMEONE_ELSE.test(headerKey(group))) score = -1;
    else if (OWN.test(key)) score += 50;
  }
  return { field, score };
}

/** The field a header means, if any: exact synonyms first, then the longest synonym it contains. */
export function fieldForHeader(kind: ListKind, header: string): string | undefined {
  const c = candidateFor(kind, header);
  return c && c.score >= 0 ? c.field : undefined;
}

/**
 * Maps a header row. Each field is read from its best candidate column (本人手机号 over 联系电话; a column
 * about someone else never), the leftmost among equals; `groups` are the labels of a group header row
 * above (基本信息, 紧急联系人), carried right across their merged cells.
 */
export function mapHeaders(
  kind: ListKind,
  cells: readonly unknown[],
  groups: readonly unknown[] = [],
): HeaderMapping {
  const fields = new Map<number, string>();
  const headers = new Map<number, string>();
  const seen = new Map<string, number>();
  const candidates = new Map<string, { col: number; header: string; score: number }[]>();
  let group = '';
  cells.forEach((cell, i) => {
    const g = String(groups[i] ?? '').trim();
    if (g) group = g;
    // Kept as written (trimmed), so reasons and kept rows name the column the official sees.
    const text = String(cell ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!text) return;
    const n = (seen.get(text) ?? 0) + 1;
    seen.set(text, n);
    const header = n === 1 ? text : `${text}(${n})`;
    headers.set(i, header);
    const c = candidateFor(kind, text, group);
    if (!c) return;
    const list = candidates.get(c.field) ?? [];
    list.push({ col: i, header, score: c.score });
    candidates.set(c.field, list);
  });
  const defs = fieldsOf(kind);
  const choices: ColumnChoice[] = [];
  for (const [field, list] of candidates) {
    const best = list.reduce<(typeof list)[number] | undefined>(
      (b, c) => (c.score >= 0 && (!b || c.score > b.score) ? c : b),
      undefined,
    );
    if (best) fields.set(best.col, field);
    choices.push({
      field,
      label: defs[field]?.label ?? field,
      column: best?.header ?? null,
      passedOver: list.filter((c) => c !== best).map((c) => c.header),
    });
  }
  choices.sort((a, b) => (firstCol(candidates, a.field) ?? 0) - (firstCol(candidates, b.field) ?? 0));
  const unmapped = [...headers].filter(([i]) => !fields.has(i)).map(([, h]) => h);
  const named = [...candidates.values()].reduce((n, list) => n + list.length, 0);
  return { fields, headers, unmapped, choices, named };
}

const firstCol = (c: Map<string, { col: number }[]>, field: string) => c.get(field)?.[0]?.col;

/** A row looks like the header row when at least this many of its cells name a field. */
export const MIN_HEADER_FIELDS = 2;

/** True when the field definitions mark the field as carried down through merged cells. */
export const isFillDown = (kind: ListKind, field: string): boolean =>
  fieldsOf(kind)[field]?.fillDown === true;
