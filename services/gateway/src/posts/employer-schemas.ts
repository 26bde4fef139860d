import { compactText } from '@qihang/shared/normalize/text';
import { z } from 'zod';
import { phoneNumber, regionCode, timestamp } from '../http/schemas';

const employerFields = {
  // Stored as a list's rows are (simplified, spaces removed), so the two find each other.
  name: z.string().trim().min(1).max(100).transform(compactText),
  /** 统一社会信用代码. */
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '统一社会信用代码格式不正确')
    .nullable(),
  regionCode,
  industry: z.string().max(100),
  fairChance: z.boolean().describe('爱心企业: accepts people with a drug or prison history'),
  subsidyEligible: z.boolean(),
  contactName: z.string().trim().max(50).nullable(),
  contactPhone: phoneNumber.nullable(),
};

export const employerCreateBody = z
  .object(employerFields)
  .partial()
  .required({ name: true, regionCode: true })
  .strict();
export const employerUpdateBody = z.object(employerFields).partial().strict();
export type EmployerCreate = z.infer<typeof employerCreateBody>;
export type EmployerUpdate = z.infer<typeof employerUpdateBody>;

export const employerSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    creditCode: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string().nullable(),
    industry: z.string(),
    fairChance: z.boolean(),
    fairChanceLabel: z.string().describe('是否爱心企业'),
    subsidyEligible: z.boolean(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    openPosts: z.number().int(),
    closedAt: timestamp.nullable().describe('when it was closed (no new posts); null while it recruits'),
    statusLabel: z.string().describe('状态: 正常 or 已关闭'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Employer' });

export const employerListQuery = z.object({
  region: regionCode.optional(),
  fairChance: z.enum(['true', 'false']).optional(),
  closed: z.enum(['true', 'false']).optional(),
});
