import { roles } from '@qihang/shared/domain/index';
import { z } from 'zod';
import { checkScopeFields, scopeBody } from '../admin/schemas';
import { errorResponseSchema } from '../http/errors';
import { timestamp } from '../http/schemas';

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

/** `GET /v1/auth/session` of a browser that is not signed in. */
export const signedOut = z.object({ user: z.null(), csrfToken: z.null() }).meta({ id: 'SignedOut' });

export const passwordBody = z
  .object({ currentPassword: z.string().max(1000), newPassword: z.string().max(1000) })
  .strict();

/** 429 of the sign-in: when to try again. */
export const tooManyAttempts = errorResponseSchema
  .omit({ details: true })
  .extend({ details: z.object({ retryAfterSeconds: z.number().int() }) })
  .meta({ id: 'TooManyAttempts' });

export const newAccountBody = z
  .object({ username, name: z.string().trim().min(1).max(100), ...scopeBody })
  .strict()
  .superRefine(checkScopeFields);

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
