import { educationLevels, postStatuses, postTypes } from '@qihang/shared/domain/index';
import { z } from 'zod';
import { isoDate, labelList, occupationCode, regionCode, timestamp } from '../http/schemas';

const age = z.number().int().min(16).max(70);
const pay = z.number().int().min(0).max(200_000);

const postFields = {
  employerId: z.uuid(),
  occupationCode: occupationCode.nullable(),
  title: z.string().trim().min(1).max(100),
  description: z.string().max(4000),
  requiredSkills: labelList,
  requiredCertificates: labelList,
  ageMin: age.nullable(),
  ageMax: age.nullable(),
  ageMaxMale: age.nullable(),
  ageMaxFemale: age.nullable(),
  minEducation: z.enum(educationLevels).nullable(),
  headcount: z.number().int().min(1).max(100_000),
  payMin: pay.nullable(),
  payMax: pay.nullable(),
  payText: z.string().max(100).nullable(),
  accommodation: z.boolean(),
  meals: z.boolean(),
  regionCode,
  postType: z.enum(postTypes),
  validFrom: isoDate.nullable(),
  validTo: isoDate.nullable(),
};

export const postCreateBody = z
  .object(postFields)
  .partial()
  .required({ employerId: true, title: true, headcount: true, regionCode: true })
  .strict();
export type PostCreate = z.infer<typeof postCreateBody>;

const { employerId: _employer, ...updatable } = postFields;
export const postUpdateBody = z
  .object({ ...updatable, filledCount: z.number().int().min(0).max(100_000) })
  .partial()
  .strict();
export type PostUpdate = z.infer<typeof postUpdateBody>;

export const postSchema = z
  .object({
    id: z.uuid(),
    employerId: z.uuid(),
    employerName: z.string().nullable(),
    occupationCode: z.string().nullable(),
    occupationName: z.string().nullable(),
    title: z.string(),
    description: z.string(),
    requiredSkills: z.array(z.string()),
    requiredCertificates: z.array(z.string()),
    ageMin: z.number().int().nullable(),
    ageMax: z.number().int().nullable(),
    ageMaxMale: z.number().int().nullable(),
    ageMaxFemale: z.number().int().nullable(),
    minEducation: z.enum(educationLevels).nullable(),
    headcount: z.number().int(),
    filledCount: z.number().int(),
    payMin: z.number().int().nullable(),
    payMax: z.number().int().nullable(),
    payText: z.string().nullable(),
    accommodation: z.boolean(),
    meals: z.boolean(),
    regionCode: z.string(),
    regionName: z.string().nullable().describe('工作地点'),
    postType: z.enum(postTypes),
    postTypeLabel: z.string().describe('岗位类型'),
    status: z.enum(postStatuses),
    statusLabel: z.string().describe('岗位状态（招聘中的岗位过了截止日期显示“已过有效期”）'),
    expired: z.boolean().describe('past its end date (validTo, China time): no longer recommended'),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    version: z.number().int(),
    contentHash: z.string(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Post' });

export const postListQuery = z.object({
  region: regionCode.optional().describe('work place, any level'),
  occupation: z
    .string()
    .regex(/^\d(-\d{2}){0,3}$/)
    .optional()
    .describe('occupation code or a prefix of one'),
  status: z.enum(postStatuses).optional(),
  employerId: z.uuid().optional(),
  validOn: isoDate
    .optional()
    .describe('valid on this date (valid_from ≤ date ≤ valid_to, open ends allowed)'),
  postedFrom: isoDate.optional(),
  postedTo: isoDate.optional(),
});
export type PostListQuery = z.infer<typeof postListQuery>;
