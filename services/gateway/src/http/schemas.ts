import { isoDate } from '@qihang/shared/domain/index';
import { parsePhone } from '@qihang/shared/normalize/enums';
import { z } from 'zod';
import { errorResponseSchema } from './errors';

export { isoDate };

export const regionCode = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code');
export const occupationCode = z
  .string()
  .regex(/^\d-\d{2}(-\d{2}){0,2}$/, 'a 2022 occupation code like 6-18-02-04');
/**
 * A mobile or landline number, read as an uploaded list's is (`+86`, spaces and dashes allowed) and kept as
 * its digits, so the API and the lists accept and store the same numbers.
 */
export const phoneNumber = z
  .string()
  .max(30)
  .transform((value, ctx) => {
    const phone = parsePhone(value);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: '手机号或座机号格式不正确' });
      return z.NEVER;
    }
    return phone;
  });
export const timestamp = z.string().describe('ISO 8601 timestamp');
export const idParams = z.object({ id: z.uuid() });
export const labelList = z.array(z.string().trim().min(1).max(50)).max(50);

/** `?limit&cursor` for keyset-paged listings. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Query booleans arrive as text. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Every route answers errors in the one shape; listing them documents it in OpenAPI. */
export const errorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  422: errorResponseSchema,
} as const;

/** A machine's API key, or a person's signed-in session (accounts/sessions.ts): the same principal either way. */
export const security: { [scheme: string]: string[] }[] = [{ apiKey: [] }, { session: [] }];
