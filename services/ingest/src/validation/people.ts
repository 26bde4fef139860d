import type { Education, Gender, StatusCategory, StayLocalReason } from '@qihang/shared/domain/index';
import { parseBirth } from '@qihang/shared/normalize/birth';
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
import { date, occupationCodes, placeOf, places, terms } from './common';
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
  /** The township (乡镇/街道, 9 digits) within the origin county, when the list names one. */
  originTownCode: string | null;
  currentRegionCode: string | null;
  currentTownCode: string | null;
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
  /** The uploader's region: an ambiguous place name is read inside it. */
  scopeRegion?: string | null;
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
  /** yyyymmdd from the ID number. */
  let idBirth: string | null = null;
  let idGender: Gender | null = null;
  const idText = r.text('idNumber');
  const mangled = idText === null ? null : mangledIdNumber(r.value('idNumber'), idText, row.format);
  if (mangled) r.error('idNumber', mangled);
  else if (idText?.includes('*')) {
    if (row.knownIdNumberHash) hash = row.knownIdNumberHash;
    else r.error('idNumber', '身份证号已脱敏保存，请重新填写完整的身份证号');
    if (/^\d{6}\*+\d[\dX]$/i.test(idText)) idGender = Number(idText.at(-2)) % 2 === 1 ? 'male' : 'female';
  } else if (idText !== null) {
    if (isValidIdNumber(idText)) {
      const id = canonicalIdNumber(idText);
      hash = idNumberHash(ctx.idHashKey, id);
      idBirth = id.slice(6, 14);
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
  const name = personName(r.required('name'));
  const gender = r.has('gender') ? parseGender(r.value('gender')) : idGender;
  if (r.has('gender') && !gender) r.error('gender', `无法识别的性别“${r.text('gender')}”`);
  else if (r.has('gender') && idGender && gender !== idGender)
    r.error(
      'gender',
      `${r.label('gender')}为“${r.text('gender')}”，与${r.label('idNumber')}（${idGender === 'male' ? '男' : '女'}）不一致，请核对身份证号和性别`,
    );
  const birthYear = birthYearOf(r, ctx.year, idBirth);
  const education = enumField(r, 'education', parseEducation, '学历');
  const statusCategory = enumField(r, 'statusCategory', parseStatusCategory, '人员类别');
  const phone = r.has('phone') ? parsePhone(r.value('phone')) : null;
  if (r.has('phone') && !phone) r.warn('phone', '联系电话格式不正确，未保存', false);
  const scope = ctx.scopeRegion ?? null;
  const origin = placeOf(r, ref, 'origin', true, null, scope);
  const current = placeOf(r, ref, 'current', false, origin?.code, scope);
  const originRegionCode = origin?.code ?? null;
  const currentRegionCode = current?.code ?? null;
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
    originTownCode: origin?.town?.code ?? null,
    currentRegionCode,
    currentTownCode: current?.town?.code ?? null,
    facilityId,
    skills: terms(r, ref, 'skills', 'skill'),
    certificates: terms(r, ref, 'certificates', 'certificate'),
    workHistory: r.text('workHistory') ?? '',
    desiredOccupations: occupationCodes(r, ref, 'desiredOccupations'),
    acceptableRegionCodes: places(r, ref, 'acceptableRegions', originRegionCode, scope),
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

/**
 * The birth year from the birth column (or the age), held against the ID number: a year, month or day that
 * disagrees with it rejects the row naming both columns (which one is wrong only the official can tell).
 * A birth cell that cannot be read is only noted when the ID number gives the year.
 */
function birthYearOf(r: RowReader, year: number, idBirth: string | null): number | null {
  const idYear = idBirth ? Number(idBirth.slice(0, 4)) : null;
  const field = r.has('birthDate') ? 'birthDate' : r.has('birthYear') ? 'birthYear' : null;
  const conflict = (what: string) =>
    r.error(
      field ?? 'age',
      `${what}与${r.label('idNumber')}（${idBirth!.slice(0, 4)}年${Number(idBirth!.slice(4, 6))}月${Number(idBirth!.slice(6, 8))}日出生）不一致，请核对身份证号和${r.label(field ?? 'age')}`,
    );
  if (field) {
    const b = parseBirth(r.value(field), year);
    if (!b.ok) {
      if (idYear === null) r.error(field, b.reason);
      else r.warn(field, `${b.reason}，已按身份证号取出生年份${idYear}`, false);
      return idYear;
    }
    if (idBirth) {
      const [y, m, d] = [
        Number(idBirth.slice(0, 4)),
        Number(idBirth.slice(4, 6)),
        Number(idBirth.slice(6, 8)),
      ];
      if (b.year !== y || (b.month !== null && b.month !== m) || (b.day !== null && b.day !== d))
        conflict(`${r.label(field)}“${r.text(field)}”`);
    }
    return b.year;
  }
  const age = r.text('age');
  if (age === null) return idYear;
  const m = /^(\d{1,3})(岁|周岁)?$/.exec(age);
  if (!m) {
    if (idYear === null) r.error('age', `无法识别的年龄“${age}”`);
    return idYear;
  }
  const fromAge = year - Number(m[1]);
  // An age is a year off either way depending on the birthday.
  if (idYear !== null && Math.abs(fromAge - idYear) > 1) conflict(`${r.label('age')}“${age}”`);
  return idYear ?? fromAge;
}

/** 鄭  軍 → 郑军: spaces inside a Chinese name are layout, not part of it (a Latin name keeps its own). */
function personName(name: string | null): string | null {
  return name?.replace(/(?<=[\u3400-\u9fff·])\s+|\s+(?=[\u3400-\u9fff·])/g, '') ?? null;
}

/**
 * Why an ID number cannot be trusted as it arrived, or null. Excel keeps 15 significant digits of a number,
 * so an ID number in a number cell has lost its last digits (433101198503110473 → 433101198503110000) — and
 * about one in eleven such truncations still passes the check character. A number cell (XLSX, XLS, a JSON
 * number) is therefore never trusted; nor scientific notation (4.33101E+17, what a CSV saved from a number
 * cell usually holds); nor, in a CSV, 18 digits ending in 000, which is how a number cell formatted "0" is
 * saved. A CSV cannot show more: a truncated number not ending in 000 cannot come out of Excel, and a real
 * ID number ending in 000 (about 1 in 1,100) is refused too, to be confirmed through a correction.
 */
export function mangledIdNumber(value: unknown, text: string, format: SourceRow['format']): string | null {
  const fix =
    '请把该列单元格格式设置为“文本”，再重新录入完整的身份证号（不能从数字格式直接改为文本，数字已被截断）';
  if (typeof value === 'number')
    return `身份证号保存成了数字，Excel只保留15位有效数字，后几位已丢失，无法确认真实号码。${fix}`;
  const compact = text.replace(/\s/g, '');
  if (/^\d(\.\d+)?e\+?\d+$/i.test(compact)) return `身份证号“${compact}”是科学计数法，后几位已丢失。${fix}`;
  if (format === 'csv' && /^\d{15}000$/.test(compact))
    return `身份证号以000结尾，多为Excel把身份证号当数字保存后截断（只保留15位有效数字）。${fix}；如号码确以000结尾，请在更正中重新填写完整号码`;
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
