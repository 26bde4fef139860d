import type { Education, Gender, PostType, StatusCategory, StayLocalReason } from '../domain';
import { compactText } from './text';

type Rule<T> = [RegExp, T];

function firstMatch<T>(rules: Rule<T>[], value: unknown): T | null {
  const text = compactText(String(value ?? ''));
  if (!text) return null;
  for (const [re, v] of rules) if (re.test(text)) return v;
  return null;
}

const educationRules: Rule<Education>[] = [
  [/博士|硕士|研究生/, 'master'],
  [/本科|学士|大学$/, 'bachelor'],
  [/大专|专科|高职/, 'college'],
  [/中专|中职|技校|职高|职业高中|中技|技工学校/, 'vocational'],
  [/高中/, 'senior'],
  [/初中|初级中学/, 'junior'],
  [/小学/, 'primary'],
  [/文盲|半文盲|未上学|无学历|^无$/, 'none'],
];

/** 学历 / 文化程度 → education level. "初中及以上" gives the lower bound, 初中. */
export const parseEducation = (value: unknown): Education | null => firstMatch(educationRules, value);

/** A post's 学历要求: "不限" is no requirement (null), which is not the same as unrecognised (undefined). */
export function parseMinEducation(value: unknown): Education | null | undefined {
  const text = compactText(String(value ?? ''));
  if (text === '' || /不限|无要求|无$/.test(text)) return null;
  return parseEducation(text) ?? undefined;
}

export const parseGender = (value: unknown): Gender | null =>
  firstMatch<Gender>(
    [
      [/^(男|男性|m|male)$/i, 'male'],
      [/^(女|女性|f|female)$/i, 'female'],
    ],
    value,
  );

export const parseStatusCategory = (value: unknown): StatusCategory | null =>
  firstMatch<StatusCategory>(
    [
      [/强制隔离|强戒/, 'compulsory_rehab'],
      [/社区戒毒|社区康复|社戒|社康/, 'community_rehab'],
      [/刑满释放|刑释|释放人员|出狱|服刑/, 'released_prisoner'],
      [/脱贫|低收入|建档立卡|贫困|监测对象|农村劳动力/, 'rural_poor'],
      [/其他|其它/, 'other'],
    ],
    value,
  );

export const parseStayLocalReason = (value: unknown): StayLocalReason | null =>
  firstMatch<StayLocalReason>(
    [
      [/年龄|年纪|年龄偏大|超龄/, 'age'],
      [/残疾|残障|残/, 'disability'],
      [/照顾|照护|家庭|老人|小孩|子女|赡养|抚养/, 'family_care'],
      [/身体|疾病|健康|病/, 'health'],
      [/.+/, 'other'],
    ],
    value,
  );

export const parsePostType = (value: unknown): PostType | null =>
  firstMatch<PostType>(
    [
      [/公益/, 'public_welfare'],
      [/扶贫车间|帮扶车间|就业车间|乡村车间/, 'poverty_workshop'],
      [/季节|临时|短期/, 'seasonal'],
      [/普通|全职|长期|常规|一般/, 'regular'],
    ],
    value,
  );

/** A mainland mobile number (11 digits starting with 1), or a landline with its area code; else null. */
export function parsePhone(value: unknown): string | null {
  const digits = compactText(String(value ?? ''))
    .replace(/^\+?86/, '')
    .replace(/[\s-]/g, '');
  if (/^1[3-9]\d{9}$/.test(digits)) return digits;
  if (/^0\d{2,3}\d{7,8}$/.test(digits)) return digits;
  return null;
}

/** A count such as 招聘人数: "20", "２０人", "20名"; null when it is not a whole number ("若干"). */
export function parseCount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  const text = compactText(String(value ?? '')).replace(/\s/g, '');
  const m = /^(\d+)(人|名|个|位)?$/.exec(text);
  if (m) return Number(m[1]);
  const c = /^([零〇一二两三四五六七八九十百]+)(人|名|个|位)?$/.exec(text);
  return c ? chineseNumber(c[1]!) : null;
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十 → 10, 十二 → 12, 二十 → 20, 三十五 → 35, 一百二十 → 120, 两 → 2; null for what is not a number. */
export function chineseNumber(text: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in DIGITS) {
      if (digit !== null) return null;
      digit = DIGITS[ch]!;
    } else if (ch === '十' || ch === '百') {
      total += (digit ?? 1) * (ch === '十' ? 10 : 100);
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0) || null;
}

export type Headcount =
  | { ok: true; count: number; range?: [number, number] }
  | { ok: true; count: null; unknown: true }
  | { ok: false };

/**
 * 招聘人数 as bureaus write it: 5, 5人, 两名, 十, 3-5 (a range: its upper end is how many may be hired), 若干
 * / 不限 / 多名 (unknown).
 */
export function parseHeadcount(value: unknown): Headcount {
  const single = parseCount(value);
  if (single !== null) return { ok: true, count: single };
  const text = compactText(String(value ?? ''))
    .replace(/\s/g, '')
    .replace(/(人|名|个|位)$/, '');
  if (/^(若干|不限|多名|多人|大量|长期|数名|若干名)$/.test(text))
    return { ok: true, count: null, unknown: true };
  const r =
    /^(\d+|[一二两三四五六七八九十百]+)(?:人|名)?(?:-|~|～|—|–|至|到)(\d+|[一二两三四五六七八九十百]+)$/.exec(
      text,
    );
  if (r) {
    const n = (s: string) => (/^\d+$/.test(s) ? Number(s) : chineseNumber(s));
    const lo = n(r[1]!);
    const hi = n(r[2]!);
    if (lo !== null && hi !== null && lo <= hi) return { ok: true, count: hi, range: [lo, hi] };
  }
  return { ok: false };
}
