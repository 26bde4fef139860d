import { compactText } from './text';

export interface AgeLimits {
  min: number | null;
  max: number | null;
  /** Only where the post states a limit per gender (男55女50岁以下). */
  maxMale: number | null;
  maxFemale: number | null;
}
export type AgeResult =
  | ({ ok: true; onlyGender?: 'male' | 'female' } & AgeLimits)
  | { ok: false; reason: string };

const none: AgeLimits = { min: null, max: null, maxMale: null, maxFemale: null };
const RANGE = /(\d{2})(?:岁|周岁)?(?:-|~|—|–|至|到)(\d{2})/;
const UNDER = /(\d{2})(?:岁|周岁)?(?:以下|以内|之内|及以下|下)/;
const OVER = /(\d{2})(?:岁|周岁)?(?:以上|及以上)/;

/** Upper (and lower) limit from one clause such as "18-45周岁" or "45岁以下". */
function clause(text: string): { min: number | null; max: number | null } | null {
  const r = RANGE.exec(text);
  if (r) return { min: Number(r[1]), max: Number(r[2]) };
  const u = UNDER.exec(text);
  if (u) return { min: null, max: Number(u[1]) };
  const o = OVER.exec(text);
  if (o) return { min: Number(o[1]), max: null };
  const bare = /^(\d{2})(?:岁|周岁)?$/.exec(text);
  if (bare) return { min: null, max: Number(bare[1]) };
  return null;
}

/**
 * Age requirement as written → limits: "18-45周岁", "45岁以下", "男55女50岁以下", "男18-55岁，女18-50岁",
 * "不限". Per-gender limits are kept only when the post states them; `max` is then the larger of the two,
 * which holds for everyone.
 */
export function parseAge(raw: string): AgeResult {
  // 女性优先 is a preference, not a limit: 女性优先，40岁以下 limits everyone to 40.
  const text = compactText(raw)
    .replace(/\s/g, '')
    .replace(/(男|女)(性|士)?优先[,，;；、]?/g, '');
  if (text === '' || /不限|无要求|无限制/.test(text)) return { ok: true, ...none };
  const male = /男(?:性)?[:：]?([^女]*)/.exec(text);
  const female = /女(?:性)?[:：]?([^男]*)/.exec(text);
  let limits: AgeLimits;
  let onlyGender: 'male' | 'female' | undefined;
  if (male && female) {
    // 男55女50岁以下: the unit and 以下 written once at the end apply to both.
    const tail = /(岁|周岁)?(以下|以内|以上)?$/.exec(text)?.[0] ?? '';
    const m = clause(withTail(male[1] ?? '', tail));
    const f = clause(withTail(female[1] ?? '', tail));
    if (!m || !f) return { ok: false, reason: `无法识别的年龄要求“${raw}”` };
    const maxes = [m.max, f.max].filter((v): v is number => v != null);
    const mins = [m.min, f.min].filter((v): v is number => v != null);
    limits = {
      min: mins.length ? Math.min(...mins) : null,
      max: maxes.length === 2 ? Math.max(...maxes) : null,
      maxMale: m.max,
      maxFemale: f.max,
    };
  } else if (male || female) {
    // 女18-35: a post for women of 18-35. The limit is the post's (everyone's); that it names one gender is
    // told to the caller (onlyGender), since no gender requirement is stored.
    const c = clause(((male ?? female)![1] ?? '').replace(/^[,，;；、]/, ''));
    if (!c) return { ok: false, reason: `无法识别的年龄要求“${raw}”` };
    onlyGender = male ? 'male' : 'female';
    limits = {
      ...c,
      maxMale: male ? c.max : null,
      maxFemale: female ? c.max : null,
    };
  } else {
    const c = clause(text);
    if (!c) return { ok: false, reason: `无法识别的年龄要求“${raw}”` };
    limits = { ...none, ...c };
  }
  const all = [limits.min, limits.max, limits.maxMale, limits.maxFemale].filter(
    (v): v is number => v != null,
  );
  if (all.some((v) => v < 14 || v > 80))
    return { ok: false, reason: `年龄要求“${raw}”超出合理范围（16-80岁）` };
  if (limits.min != null && limits.max != null && limits.min > limits.max)
    return { ok: false, reason: `年龄下限高于上限“${raw}”` };
  return onlyGender ? { ok: true, ...limits, onlyGender } : { ok: true, ...limits };
}

function withTail(part: string, tail: string): string {
  const p = part.replace(/[,，;；、]$/, '');
  return /岁|以下|以上|以内/.test(p) ? p : `${p}${tail}`;
}
