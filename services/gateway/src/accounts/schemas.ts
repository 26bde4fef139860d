import { roles } from '@qihang/shared/domain/index';
import { z } from 'zod';
import { errorResponseSchema } from '../plugins/errors';
import { regionCode, timestamp } from '../schemas/common';

/** Letters, digits and `. _ - @`: typed the same on every keyboard, and never two names that look alike. */
export const username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{2,64}$/, '2–64 个字母、数字或 . _ - @');

export const signInBody = z
  .object({ username: z.string().max(200), password: z.string().max(1000) })
  .strict()
  .meta({ id: 'SignIn' });

export const sessionUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    name: z.string(),
    role: z.enum(roles),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    facilityId: z.string().nullable(),
    employerId: z.string().nullable(),
    mustChangePassword: z.boolean().describe('true: every other route answers 403 password_change_required'),
  })
  .meta({ id: 'SessionUser' });

export const sessionAnswer = z
  .object({
    user: sessionUser,
    csrfToken: z
      .string()
      .describe('send it as x-csrf-token with every POST/PUT/PATCH/DELETE of this session'),
  })
  .meta({ id: 'Session' });

export const passwordBody = z
  .object({ currentPassword: z.string().max(1000), newPassword: z.string().max(1000) })
  .strict();

/** 429 of the sign-in: when to try again. */
export const tooManyAttempts = errorResponseSchema
  .omit({ details: true })
  .extend({ details: z.object({ retryAfterSeconds: z.number().int() }) })
  .meta({ id: 'TooManyAttempts' });

/** Which scope field each role needs; the others must stay empty (as for users with keys). */
const scopeField = {
  bureau: 'regionCode',
  facility: 'facilityId',
  employer: 'employerId',
  portal: 'portalId',
} as const;
const scopeFields = ['regionCode', 'facilityId', 'employerId', 'portalId'] as const;

export const newAccountBody = z
  .object({
    username,
    name: z.string().trim().min(1).max(100),
    role: z.enum(roles),
    regionCode: regionCode.optional(),
    facilityId: z.uuid().optional(),
    employerId: z.uuid().optional(),
    portalId: z.uuid().optional(),
  })
  .strict()
  .superRefine((u, ctx) => {
    const needed = u.role in scopeField ? scopeField[u.role as keyof typeof scopeField] : null;
    for (const f of scopeFields) {
      if (f === needed && !u[f])
        ctx.addIssue({ code: 'custom', path: [f], message: `required for role ${u.role}` });
      if (f !== needed && u[f])
        ctx.addIssue({ code: 'custom', path: [f], message: `not allowed for role ${u.role}` });
    }
  });

export const accountSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    name: z.string(),
    role: z.enum(roles),
    regionCode: z.string().nullable(),
    facilityId: z.string().nullable(),
    employerId: z.string().nullable(),
    portalId: z.string().nullable(),
    mustChangePassword: z.boolean(),
    disabledAt: timestamp.nullable(),
    lockedAt: timestamp.nullable().describe('locked after too many failed sign-ins; unlock lifts it'),
    failedSignIns: z.number().int().describe('consecutive failed sign-ins counted now'),
    lastSignInAt: timestamp.nullable(),
    activeSessions: z.number().int(),
    createdAt: timestamp,
  })
  .meta({ id: 'Account' });

export const issuedPassword = z.object({
  account: accountSchema,
  initialPassword: z
    .string()
    .describe('one-time password: shown this once; the first sign-in with it must set a new password'),
});
