import {
  consentPurposes,
  educationLevels,
  genders,
  personStatuses,
  statusCategories,
  stayLocalReasons,
} from '@qihang/shared/domain/index';
import { isValidIdNumber } from '@qihang/shared/privacy/id-number';
import { z } from 'zod';
import { isoDate, labelList, occupationCode, phoneNumber, regionCode, timestamp } from '../http/schemas';

const thisYear = new Date().getUTCFullYear();

/** The fields of a job-seeker that can be written; the same rules as a list row. */
const personFields = {
  name: z.string().trim().min(1).max(50),
  /** Used only to compute the keyed hash for dedup; never stored, never returned. */
  idNumber: z.string().trim().refine(isValidIdNumber, '身份证号格式或校验位不正确').nullable(),
  phone: phoneNumber.nullable(),
  gender: z.enum(genders).nullable(),
  birthYear: z
    .number()
    .int()
    .min(1940)
    .max(thisYear - 16)
    .nullable(),
  education: z.enum(educationLevels).nullable(),
  statusCategory: z.enum(statusCategories).nullable(),
  originRegionCode: regionCode,
  currentRegionCode: regionCode.nullable(),
  facilityId: z.uuid().nullable(),
  skills: labelList,
  certificates: labelList,
  workHistory: z.string().max(2000),
  desiredOccupations: z.array(occupationCode).max(20),
  acceptableRegionCodes: z.array(regionCode).max(50),
  willingToRelocate: z.boolean(),
  willingToTrain: z.boolean(),
  mustStayLocalReason: z.enum(stayLocalReasons).nullable(),
  expectedPayMin: z.number().int().min(0).max(200_000).nullable(),
  availableFrom: isoDate.nullable(),
};

export const personCreateBody = z
  .object({
    /** The registering body's own number for the person (档案号); generated when absent. */
    externalId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine((v) => !isValidIdNumber(v), '人员编号不能是身份证号（身份证号只以加密摘要保存）')
      .optional(),
    ...personFields,
  })
  .partial()
  .required({ name: true, originRegionCode: true })
  .strict();
export type PersonCreate = z.infer<typeof personCreateBody>;

export const personUpdateBody = z.object(personFields).partial().strict();
export type PersonUpdate = z.infer<typeof personUpdateBody>;

export const personCloseBody = z.object({ status: z.enum(['placed', 'inactive']) }).strict();

const labelled = (values: readonly string[]) => z.enum(values as [string, ...string[]]);

/** A job-seeker as officials (bureau, facility, admin) see it: everything except the ID-number hash. */
export const personSchema = z
  .object({
    id: z.uuid(),
    source: z.string(),
    externalId: z.string(),
    name: z.string().nullable(),
    phone: z.string().nullable(),
    gender: labelled(genders).nullable(),
    birthYear: z.number().int().nullable(),
    education: labelled(educationLevels).nullable(),
    statusCategory: labelled(statusCategories).nullable(),
    statusCategoryLabel: z.string().nullable().describe('人员类别'),
    originRegionCode: z.string(),
    originRegionName: z.string().nullable().describe('户籍/输出地'),
    currentRegionCode: z.string().nullable(),
    facilityId: z.string().nullable(),
    skills: z.array(z.string()),
    certificates: z.array(z.string()),
    workHistory: z.string(),
    desiredOccupations: z.array(z.string()),
    acceptableRegionCodes: z.array(z.string()),
    willingToRelocate: z.boolean(),
    willingToTrain: z.boolean().nullable().describe('null: not known (a list left it blank)'),
    mustStayLocalReason: labelled(stayLocalReasons).nullable(),
    expectedPayMin: z.number().int().nullable(),
    availableFrom: z.string().nullable(),
    status: labelled(personStatuses),
    statusLabel: z.string().describe('求职状态'),
    consents: z.record(z.enum(consentPurposes), z.boolean()).describe('latest consent per purpose'),
    erasedAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Person' });

export const personListQuery = z.object({
  region: regionCode.optional().describe('origin or current region, any level'),
  occupation: z
    .string()
    .regex(/^\d(-\d{2}){0,3}$/)
    .optional()
    .describe('desired occupation code or a prefix of one (6-18)'),
  status: z.enum(personStatuses).optional().describe('default: all except erased'),
  facilityId: z.uuid().optional(),
  willingToTrain: z.enum(['true', 'false']).optional(),
  registeredFrom: isoDate.optional().describe('registered on or after this date (China time)'),
  registeredTo: isoDate.optional().describe('registered on or before this date (China time)'),
});
export type PersonListQuery = z.infer<typeof personListQuery>;
