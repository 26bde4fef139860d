import type { Education, PostStatus, PostType } from '@qihang/shared/domain/index';
import { parseAge } from '@qihang/shared/normalize/age';
import { parseBoolean, parseLodging } from '@qihang/shared/normalize/booleans';
import { parseDate } from '@qihang/shared/normalize/dates';
import {
  parseCount,
  parseHeadcount,
  parseMinEducation,
  parsePhone,
  parsePostType,
} from '@qihang/shared/normalize/enums';
import { matchOccupation, type OccupationMatch } from '@qihang/shared/normalize/occupations';
import { parsePay } from '@qihang/shared/normalize/pay';
import { compactText } from '@qihang/shared/normalize/text';
import { sha256Hex } from '@qihang/shared/util/hash';
import { z } from 'zod';
import { postFields } from '../mapping/fields';
import type { Reference } from '../pipeline/reference';
import type { SourceRow } from '../types';
import { date, place, placeHint, placeOf, terms } from './common';
import { RowReader } from './fields';
import type { Validated } from './people';

export interface EmployerRecord {
  /** Credit code when known, else name + region: how the same employer is found again. */
  key: string;
  name: string;
  creditCode: string | null;
  regionCode: string;
  industry: string | null;
  fairChance: boolean | null;
  contactName: string | null;
  contactPhone: string | null;
}

export interface PostRecord {
  externalId: string;
  employer: EmployerRecord;
  title: string;
  occupation: OccupationMatch;
  description: string;
  requiredSkills: string[];
  requiredCertificates: string[];
  ageMin: number | null;
  ageMax: number | null;
  ageMaxMale: number | null;
  ageMaxFemale: number | null;
  minEducation: Education | null;
  headcount: number;
  filledCount: number;
  status: PostStatus;
  payMin: number | null;
  payMax: number | null;
  payText: string | null;
  payKind: 'piece' | 'commission' | null;
  accommodation: boolean;
  meals: boolean;
  regionCode: string;
  /** The township (乡镇/街道, 9 digits) within the post's county, when the list names one. */
  townCode: string | null;
  postType: PostType;
  validFrom: string | null;
  validTo: string | null;
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const rangeSchema = z
  .object({
    headcount: z.number().int().min(1, '招聘人数须为正整数').max(100_000, '招聘人数超出合理范围'),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
  })
  .refine((v) => !v.validFrom || !v.validTo || v.validFrom <= v.validTo, {
    message: '截止日期早于发布日期',
    path: ['validTo'],
  });

/** One row of the 岗位供给清单 → a post record (with its employer), or the reasons it cannot be one. */
export function validatePost(
  row: SourceRow,
  ref: Reference,
  year = new Date().getFullYear(),
  scopeRegion: string | null = null,
): Validated<PostRecord> {
  const r = new RowReader(row, postFields);
  const employerName = r.required('employerName');
  const title = r.required('title');
  // Each place is read in the light of the other (城关区 at an employer in 兰州市).
  const region = placeOf(
    r,
    ref,
    'region',
    true,
    placeHint(r, ref, 'employerRegion', scopeRegion),
    scopeRegion,
  );
  const regionCode = region?.code ?? null;
  const employerRegion = place(r, ref, 'employerRegion', false, regionCode, scopeRegion) ?? regionCode;
  const creditCode = r.text('creditCode')?.replace(/\s/g, '').toUpperCase() ?? null;
  if (creditCode && !CREDIT_CODE.test(creditCode)) r.error('creditCode', '统一社会信用代码格式不正确');
  const headcountText = r.required('headcount');
  const headcount = headcountOf(r, headcountText);
  const pay = payOf(r);
  const age = ageOf(r);
  const lodging = lodgingOf(r);
  const minEducation = r.has('education') ? parseMinEducation(r.value('education')) : null;
  if (minEducation === undefined) r.error('education', `无法识别的学历要求“${r.text('education')}”`);
  const postType = r.has('postType') ? parsePostType(r.value('postType')) : 'regular';
  if (postType === null) r.error('postType', `无法识别的岗位类型“${r.text('postType')}”`);
  const validFrom = postDate(r, 'validFrom', year);
  const validTo = postDate(r, 'validTo', year);
  const filledText = r.text('filledCount');
  const filledCount = filledText === null ? 0 : parseCount(r.value('filledCount'));
  if (filledCount === null) r.error('filledCount', `已招人数须为数字，实际为“${filledText}”`);
  else if (headcount !== null && filledCount > headcount) r.error('filledCount', '已招人数超过招聘人数');
  const status = statusOf(r);
  r.check(rangeSchema, { headcount: headcount ?? 1, validFrom, validTo });
  const occupation = occupationOf(r, ref, title ?? '');
  const fairChance = r.has('fairChance') ? parseBoolean(r.value('fairChance')) : null;
  if (r.has('fairChance') && fairChance === null)
    r.error('fairChance', `${r.label('fairChance')}应填“是”或“否”`);
  if (r.errors.length > 0 || !employerName || !title || !regionCode || !employerRegion)
    return { ok: false, errors: r.errors, warnings: r.warnings, idNumberHash: null };
  const name = compactText(employerName);
  const employer: EmployerRecord = {
    key: creditCode ?? `${name}|${employerRegion}`,
    name,
    creditCode,
    regionCode: employerRegion,
    industry: r.text('industry'),
    fairChance,
    contactName: r.text('contactName'),
    contactPhone: r.has('contactPhone') ? parsePhone(r.value('contactPhone')) : null,
  };
  const explicitId = r.text('externalId');
  const record: PostRecord = {
    // Without an id column, the post is what it is for: employer, title and place. Deterministic, so a
    // re-upload finds the same post.
    externalId: explicitId ?? `derived-${sha256Hex(`${employer.key}|${title}|${regionCode}`).slice(0, 32)}`,
    employer,
    title,
    occupation,
    description: r.text('description') ?? '',
    requiredSkills: terms(r, ref, 'requiredSkills', 'skill', { dropPreferred: true }),
    requiredCertificates: terms(r, ref, 'requiredCertificates', 'certificate', { dropPreferred: true }),
    ...age,
    minEducation: minEducation ?? null,
    headcount: headcount ?? 1,
    filledCount: filledCount ?? 0,
    status,
    ...pay,
    accommodation: lodging.accommodation ?? false,
    meals: lodging.meals ?? false,
    regionCode,
    townCode: region?.town?.code ?? null,
    postType: postType ?? 'regular',
    validFrom,
    validTo,
  };
  return { ok: true, record, warnings: r.warnings };
}

/** The occupation code column, else the 工种 column, else the title; the first confident answer wins. */
function occupationOf(r: RowReader, ref: Reference, title: string): OccupationMatch {
  const code = r.text('occupationCode');
  if (code && ref.occupationCodes.has(code))
    return { code, confidence: 1, method: 'name', needsReview: false };
  if (code) r.warn('occupationCode', `职业编码“${code}”不在职业分类大典中，已按岗位名称匹配`);
  const name = r.text('occupationName');
  const byName = name ? matchOccupation(ref.occupations, name) : null;
  if (byName && !byName.needsReview) return byName;
  const byTitle = matchOccupation(ref.occupations, title);
  return byName && byName.confidence > byTitle.confidence ? byName : byTitle;
}

const STATUS: [RegExp, PostStatus][] = [
  [/招聘中|在招|开放|有效|正常/, 'open'],
  [/已满|招满|关闭|结束|停止|暂停|过期|失效/, 'closed'],
  [/撤回|撤销|取消|下架/, 'withdrawn'],
];

function statusOf(r: RowReader): PostStatus {
  const text = r.text('status');
  if (text === null) return 'open';
  const found = STATUS.find(([re]) => re.test(text))?.[1];
  if (!found) r.error('status', `无法识别的岗位状态“${text}”`);
  return found ?? 'open';
}

function payOf(r: RowReader): {
  payMin: number | null;
  payMax: number | null;
  payText: string | null;
  payKind: 'piece' | 'commission' | null;
} {
  const text = r.text('pay');
  if (text === null) return { payMin: null, payMax: null, payText: null, payKind: null };
  const pay = parsePay(text);
  if (!pay.ok) {
    r.error('pay', pay.reason);
    return { payMin: null, payMax: null, payText: text, payKind: null };
  }
  return { payMin: pay.min, payMax: pay.max, payText: text, payKind: pay.kind ?? null };
}

function ageOf(r: RowReader) {
  const text = r.text('age');
  const none = { ageMin: null, ageMax: null, ageMaxMale: null, ageMaxFemale: null };
  if (text === null) return none;
  const age = parseAge(text);
  if (!age.ok) {
    r.error('age', age.reason);
    return none;
  }
  if (age.onlyGender)
    r.warn(
      'age',
      `年龄要求“${text}”只写了${age.onlyGender === 'male' ? '男性' : '女性'}：年龄限制已对所有人适用，性别要求未保存（系统不按性别筛选），需人工复核`,
    );
  return { ageMin: age.min, ageMax: age.max, ageMaxMale: age.maxMale, ageMaxFemale: age.maxFemale };
}

/**
 * 食宿 (both), 住宿 and 餐食 columns: a yes/no, or a phrase (有食堂，可住宿; 包中餐). A cell that says neither
 * is stored as not provided, and flagged, so a post is never silently shown without the lodging it offers.
 */
function lodgingOf(r: RowReader) {
  const read = (field: string, which: 'accommodation' | 'meals') => {
    if (!r.has(field)) return null;
    const value = r.value(field);
    const v =
      field === 'lodging' ? parseLodging(value)[which] : (parseBoolean(value) ?? parseLodging(value)[which]);
    return v;
  };
  const accommodation = r.has('accommodation')
    ? read('accommodation', 'accommodation')
    : read('lodging', 'accommodation');
  const meals = r.has('meals') ? read('meals', 'meals') : read('lodging', 'meals');
  for (const [field, value, what] of [
    [r.has('accommodation') ? 'accommodation' : 'lodging', accommodation, '住宿'],
    [r.has('meals') ? 'meals' : 'lodging', meals, '餐食'],
  ] as const) {
    if (value === null && r.has(field))
      r.warn(field, `无法判断“${r.text(field)}”是否提供${what}，已按不提供保存，需人工复核`);
  }
  return { accommodation, meals };
}

/** 长期, 长期有效, 招满为止: no deadline. */
const NO_DEADLINE = /^(长期|长期有效|常年|常年招聘|长期招聘|不限|招满为止|额满为止|招满即止)$/;

/** A post's date: 长期 is none; 12月31日 (no year) is in the batch's year. */
function postDate(r: RowReader, field: string, year: number): string | null {
  const text = r.text(field);
  if (text === null) return null;
  if (NO_DEADLINE.test(text.replace(/\s/g, ''))) return null;
  const m = /^(\d{1,2})[月/.-](\d{1,2})日?$/.exec(text.replace(/\s/g, ''));
  if (m && !(r.value(field) instanceof Date)) {
    const d = parseDate(`${year}-${m[1]}-${m[2]}`);
    if (d.ok) return d.date;
  }
  return date(r, field);
}

/** 招聘人数: a number, Chinese numerals (两名, 十), a range (3-5: up to 5), or 若干 (unknown: rejected for now). */
function headcountOf(r: RowReader, text: string | null): number | null {
  if (text === null) return null;
  const h = parseHeadcount(r.value('headcount'));
  if (!h.ok) {
    r.error('headcount', `招聘人数须为具体数字，实际为“${text}”`);
    return null;
  }
  if (h.count === null) {
    r.error('headcount', `招聘人数“${text}”未写明人数，请填写具体人数（可写预计人数）`);
    return null;
  }
  if (h.range) r.warn('headcount', `招聘人数“${text}”按最多${h.range[1]}人保存`, false);
  return h.count;
}
