import { roles } from '@qihang/shared/domain/index';
import { z } from 'zod';
import { regionCode, timestamp } from '../http/schemas';
import { isoTimestamp } from '../util/sql';

/** Which scope field each role needs; the others must stay empty. */
const scopeField = {
  bureau: 'regionCode',
  facility: 'facilityId',
  employer: 'employerId',
  portal: 'portalId',
} as const;
const scopeFields = ['regionCode', 'facilityId', 'employerId', 'portalId'] as const;

export const keyOptions = z
  .object({
    label: z.string().trim().max(100).optional(),
    expiresInDays: z.number().int().min(1).max(3650).default(365),
  })
  .strict();

/** A role's scope: the field it needs is given, the others stay empty (users with keys, people's accounts). */
export function checkScopeFields(
  u: { role: keyof typeof scopeField | string } & Partial<Record<(typeof scopeFields)[number], string>>,
  ctx: z.RefinementCtx,
): void {
  const needed = u.role in scopeField ? scopeField[u.role as keyof typeof scopeField] : null;
  for (const f of scopeFields) {
    if (f === needed && !u[f])
      ctx.addIssue({ code: 'custom', path: [f], message: `required for role ${u.role}` });
    if (f !== needed && u[f])
      ctx.addIssue({ code: 'custom', path: [f], message: `not allowed for role ${u.role}` });
  }
}

export const scopeBody = {
  role: z.enum(roles),
  regionCode: regionCode.optional(),
  facilityId: z.uuid().optional(),
  employerId: z.uuid().optional(),
  portalId: z.uuid().optional(),
};

export const newUserBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    ...scopeBody,
    key: keyOptions.default({ expiresInDays: 365 }),
  })
  .strict()
  .superRefine(checkScopeFields);

export const issuedKeySchema = z
  .object({
    id: z.uuid(),
    prefix: z.string(),
    label: z.string(),
    expiresAt: timestamp.nullable(),
    key: z.string().describe('the whole API key: shown this once, store it now'),
  })
  .meta({ id: 'IssuedKey' });

export const keySchema = z.object({
  id: z.uuid(),
  prefix: z.string(),
  label: z.string(),
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const userSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    role: z.enum(roles),
    regionCode: z.string().nullable(),
    facilityId: z.string().nullable(),
    employerId: z.string().nullable(),
    portalId: z.string().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'User' });

type KeyRow = {
  id: string;
  prefix: string;
  label: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};
export const keyView = (k: KeyRow) => ({
  ...k,
  expiresAt: isoTimestamp(k.expiresAt),
  revokedAt: isoTimestamp(k.revokedAt),
  lastUsedAt: isoTimestamp(k.lastUsedAt),
  createdAt: isoTimestamp(k.createdAt),
});
export const issuedView = (k: {
  id: string;
  prefix: string;
  label: string;
  expiresAt: Date | null;
  key: string;
}) => ({
  ...k,
  expiresAt: isoTimestamp(k.expiresAt),
});
