import type { Education, Gender, StatusCategory, StayLocalReason } from '@qihang/shared/domain/index';
import { parseBoolean } from '@qihang/shared/normalize/booleans';
import {
  parseEducation,
  parseGender,
  parsePhone,
  parseStatusCategory,
  parseStayLocalReason,
} from '@qihang/shared/normalize/enums';
import { parsePay } from '@qihang/shared/normalize/pay';
import { compactText } from '@qihang/shared/normalize/text';
import { canonicalIdNumber, idNumberHash, isValidIdNumber } from '@qihang/shared/privacy/id-number';
import { z } from 'zod';
import { personFields } from '../mapping/fields';
import type { Reference } from '../pipeline/reference';
import type { RowError, SourceRow } from '../types';
import { date, occupationCodes, place, places, terms } from './common';
import { RowReader } from './fields';

export interface PersonRecord {
  externalId: string;
  idNumberHash: string | null;
  name: string;
  phone: string | null;
  gender: Gender | null;
  birthYear: number | null;
  education: Education | null;
  statusCategory: StatusCategory | null;
  originRegionCode: string;
  currentRegionCode: string | null;
  facilityId: string | null;
  skills: string[];
  certificates: string[];
  workHistory: string;
  desiredOccupations: string[];
  acceptableRegionCodes: string[];
  /** null: the list does not say (an existing person keeps what is known). */
  willingToRelocate: boolean | null;
  willingToTrain: boolean | null;
  mustStayLocalReason: StayLocalReason | null;
  expectedPayMin: number | null;
  availableFrom: string | null;
}

export type Validated<T> =
  | { ok: true; record: T; warnings: (RowError & { review: boolean })[] }
  | { ok: false; errors: RowError[]; warnings: RowError[]; idNumberHash: string | null };

export interface PersonContext {
  ref: Reference;
  idHashKey: string;
  /** The year ages are counted from (the batch's year). */
  year: number;
}

const rangeSchemas = new Map<number, ReturnType<typeof buildRangeSchema>>();
/** Built once per year: building a zod schema costs more than validating a row with it. */
const rangeSchema = (year: number) => {
  let schema = rangeSchemas.get(year);
  if (!schema) {
    schema = buildRangeSchema(year);
    rangeSchemas.set(year, schema);
  }
  return schema;
};

const buildRangeSchema = (year: number) =>
  z.object({
    birthYear: z
      .number()
      .int()
      .min(1940, '出生年份不能早于1940年')
      .max(year - 16, '未满16周岁，不能登记求职')
      .nullable(),
    expectedPayMin: z.number().int().min(500, '期望薪资过低').max(100_000, '期望薪资超出合理范围').nullable(),
  });

/** One row of the 求职需求清单 → a person record, or the reasons it cannot be one. */
export function validatePerson(row: SourceRow, ctx: PersonContext): Validated<PersonRecord> {
  const r = new RowReader(row, personFields);
  const { ref } = ctx;
  let hash: string | null = null;
  let idBirthYear: number | null = null;
  let idGender: Gender | null = null;
  const idText = r.text('idNumber');
  if (idText?.includes('*')) {
    if (row.knownIdNumberHash) hash = row.knownIdNumberHash;
    else r.error('idNumber', '身份证号已脱敏保存，请重新填写完整的身份证号');
    if (/^\d{6}\*+\d[\dX]$/i.test(idText)) idGender = Number(idText.at(-2)) % 2 === 1 ? 'male' : 'female';
  } else if (idText !== null) {
    if (isValidIdNumber(idText)) {
      const id = canonicalIdNumber(idText);
      hash = idNumberHash(ctx.idHashKey, id);
      idBirthYear = Number(id.slice(6, 10));
      idGender = Number(id[16]) % 2 === 1 ? 'male' : 'female';
    } else r.error('idNumber', '身份证号格式或校验位不正确');
  }
  const explicitId = r.text('externalId');
  // Lists often use the ID number as 人员编号: it is then kept only as its keyed hash, like the ID column.
  const explicitIsIdNumber = explicitId !== null && isValidIdNumber(explicitId);
  if (explicitIsIdNumber && !hash) hash = idNumberHash(ctx.idHashKey, canonicalIdNumber(explicitId));
  const externalId =
    explicitId && !explicitIsIdNumber
      ? compactText(explicitId)
      : explicitIsIdNumber
        ? `id-${idNumberHash(ctx.idHashKey, canonicalIdNumber(explicitId)).slice(0, 32)}`
        : hash
          ? `id-${hash.slice(0, 32)}`
          : null;
  if (!externalId && idText === null) r.error('externalId', '人员编号和身份证号不能都为空');
  const name = r.required('name');
  const gender = r.has('gender') ? parseGender(r.value('gender')) : idGender;
  if (r.has('gender') && !gender) r.error('gender', `无法识别的性别“${r.text('gender')}”`);
  const birthYear = birthYearOf(r, ctx.year) ?? idBirthYear;
  const education = enumField(r, 'education', parseEducation, '学历');
  const statusCategory = enumField(r, 'statusCategory', parseStatusCategory, '人员类别');
  const phone = r.has('phone') ? parsePhone(r.value('phone')) : null;
  if (r.has('phone') && !phone) r.warn('phone', '联系电话格式不正确，未保存', false);
  const originRegionCode = place(r, ref, 'origin', true);
  const currentRegionCode = place(r, ref, 'current', false, originRegionCode);
  const facilityName = r.text('facility');
  const facilityId = facilityName ? (ref.facilities.get(compactText(facilityName)) ?? null) : null;
  if (facilityName && !facilityId) r.warn('facility', `未登记的机构“${facilityName}”，未关联`, false);
  const expectedPayMin = payMin(r);
  const stay = r.text('mustStayLocalReason');
  const record = {
    externalId: externalId ?? '',
    idNumberHash: hash,
    name: name ?? '',
    phone,
    gender,
    birthYear,
    education,
    statusCategory,
    originRegionCode: originRegionCode ?? '',
    currentRegionCode,
    facilityId,
    skills: terms(r, ref, 'skills', 'skill'),
    certificates: terms(r, ref, 'certificates', 'certificate'),
    workHistory: r.text('workHistory') ?? '',
    desiredOccupations: occupationCodes(r, ref, 'desiredOccupations'),
    acceptableRegionCodes: places(r, ref, 'acceptableRegions', originRegionCode),
    willingToRelocate: yesNo(r, 'willingToRelocate'),
    willingToTrain: yesNo(r, 'willingToTrain'),
    mustStayLocalReason: stay && !/^(无|否)$/.test(stay) ? parseStayLocalReason(stay) : null,
    expectedPayMin,
    availableFrom: date(r, 'availableFrom'),
  } satisfies PersonRecord;
  r.check(rangeSchema(ctx.year), { birthYear: record.birthYear, expectedPayMin: record.expectedPayMin });
  if (r.errors.length > 0) return { ok: false, errors: r.errors, warnings: r.warnings, idNumberHash: hash };
  return { ok: true, record, warnings: r.warnings };
}

function birthYearOf(r: RowReader, year: number): number | null {
  if (r.has('birthYear') || r.has('birthDate')) {
    const text = r.text('birthYear') ?? r.text('birthDate') ?? '';
    const m = /^(\d{4})/.exec(text);
    if (m) return Number(m[1]);
    const v = r.value('birthDate');
    if (v instanceof Date) return v.getUTCFullYear();
    r.error(r.has('birthYear') ? 'birthYear' : 'birthDate', `无法识别的出生年份“${text}”`);
    return null;
  }
  const age = r.text('age');
  if (age === null) return null;
  const m = /^(\d{1,3})(岁|周岁)?$/.exec(age);
  if (m) return year - Number(m[1]);
  r.error('age', `无法识别的年龄“${age}”`);
  return null;
}

function enumField<T>(r: RowReader, field: string, parse: (v: unknown) => T | null, what: string): T | null {
  if (!r.has(field)) return null;
  const v = parse(r.value(field));
  if (v === null) r.error(field, `无法识别的${what}“${r.text(field)}”`);
  return v;
}

function yesNo(r: RowReader, field: string): boolean | null {
  if (!r.has(field)) return null;
  const v = parseBoolean(r.value(field));
  if (v === null) r.error(field, `${r.label(field)}应填“是”或“否”，实际为“${r.text(field)}”`);
  return v;
}

function payMin(r: RowReader): number | null {
  const text = r.text('expectedPay');
  if (text === null || /^(不限|面议|无要求|都可以|看情况)$/.test(text)) return null;
  const pay = parsePay(text);
  if (!pay.ok) {
    r.error('expectedPay', pay.reason);
    return null;
  }
  return pay.min;
}
