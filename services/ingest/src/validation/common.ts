import type { VocabularyKind } from '@qihang/shared/domain/index';
import { parseDate } from '@qihang/shared/normalize/dates';
import { matchOccupation } from '@qihang/shared/normalize/occupations';
import { describePlaceFailure, resolvePlace, type Town } from '@qihang/shared/normalize/places';
import { splitList } from '@qihang/shared/normalize/text';
import { normalizeTerms } from '@qihang/shared/normalize/vocabulary';
import type { Reference } from '../pipeline/reference';
import type { RowReader } from './fields';

/** A place cell resolved: its region code (a county at most) and, when the cell names one, the town. */
export interface ResolvedPlace {
  code: string;
  town: Town | null;
}

/**
 * Resolves a place cell; an ambiguous name is read inside `context` (the record's other place), then the
 * uploader's region (`scope`). A town the division data does not hold in its county is stored as the county
 * and flagged.
 */
export function placeOf(
  r: RowReader,
  ref: Reference,
  field: string,
  required: boolean,
  context?: string | null,
  scope?: string | null,
): ResolvedPlace | null {
  const text = required ? r.required(field) : r.text(field);
  if (text === null) return null;
  const result = resolvePlace(ref.places, text, context, scope);
  if (!result.ok) {
    r.error(field, describePlaceFailure(ref.places, text, result));
    return null;
  }
  if (result.unknownTown)
    r.warn(
      field,
      `${result.fullName}没有名为“${result.unknownTown}”的乡镇（区划数据中没有，可能已更名或撤并），已按${result.fullName}保存，需人工复核`,
    );
  return { code: result.code, town: result.town ?? null };
}

export function place(
  r: RowReader,
  ref: Reference,
  field: string,
  required: boolean,
  context?: string | null,
  scope?: string | null,
): string | null {
  return placeOf(r, ref, field, required, context, scope)?.code ?? null;
}

/** Resolves a place quietly, for use as another field's context. */
export function placeHint(r: RowReader, ref: Reference, field: string, scope?: string | null): string | null {
  const text = r.text(field);
  if (text === null) return null;
  const result = resolvePlace(ref.places, text, null, scope);
  return result.ok ? result.code : null;
}

/** Words for "near home", read relative to the person's origin (本县 → the origin county). */
function relativeToHome(item: string, home: string | null): string | null {
  if (!home) return null;
  if (/^(本地|本县|本区|就近|县内|家附近|附近|当地|本乡镇|乡镇)$/.test(item)) return home;
  if (/^(本市|市内|本州|州内)$/.test(item)) return `${home.slice(0, 4)}00`;
  if (/^(本省|省内)$/.test(item)) return `${home.slice(0, 2)}0000`;
  return null;
}

/** A list of places (济南、青岛, 本县); 不限/全国 is an empty list, meaning anywhere. */
export function places(
  r: RowReader,
  ref: Reference,
  field: string,
  home: string | null = null,
  scope?: string | null,
): string[] {
  const text = r.text(field);
  if (text === null || /^(不限|全国|均可|都可以|服从安排|无所谓)$/.test(text)) return [];
  const codes: string[] = [];
  for (const item of splitList(text)) {
    const relative = relativeToHome(item, home);
    if (relative) {
      if (!codes.includes(relative)) codes.push(relative);
      continue;
    }
    const result = resolvePlace(ref.places, item, home, scope);
    if (result.ok) {
      if (!codes.includes(result.code)) codes.push(result.code);
    } else r.error(field, describePlaceFailure(ref.places, item, result));
  }
  return codes;
}

export function date(r: RowReader, field: string): string | null {
  if (!r.has(field)) return null;
  const result = parseDate(r.value(field));
  if (result.ok) return result.date;
  r.error(field, result.reason);
  return null;
}

/** Skills or certificates → vocabulary labels; unknown items are kept as written and noted for review. */
export function terms(
  r: RowReader,
  ref: Reference,
  field: string,
  kind: VocabularyKind,
  options: { dropPreferred?: boolean } = {},
): string[] {
  const text = r.text(field);
  if (text === null) return [];
  const result = normalizeTerms(ref.vocabulary, kind, text, options);
  if (result.unknown.length > 0)
    r.warn(
      field,
      `未收录的${kind === 'skill' ? '技能' : '证书'}：${result.unknown.join('、')}（已按原文保留）`,
    );
  return [...result.labels, ...result.unknown];
}

/** Desired occupations (焊工、叉车司机) → 2022 codes; titles without a confident match are noted. */
export function occupationCodes(r: RowReader, ref: Reference, field: string): string[] {
  const text = r.text(field);
  if (text === null) return [];
  const codes: string[] = [];
  for (const item of splitList(text)) {
    if (/^(不限|都可以|均可|服从安排)$/.test(item)) continue;
    const m = matchOccupation(ref.occupations, item);
    if (m.code && !m.needsReview) {
      if (!codes.includes(m.code)) codes.push(m.code);
    } else r.warn(field, `意向工种“${item}”无法确定职业分类，需人工复核`);
  }
  return codes;
}
