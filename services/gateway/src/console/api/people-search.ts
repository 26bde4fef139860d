import { people } from '@qihang/shared/db/schema/index';
import { statusCategories, todayInChina } from '@qihang/shared/domain/index';
import { idNumberHash, isValidIdNumber } from '@qihang/shared/privacy/id-number';
import { and, count, eq, gt, isNull, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, principalOf } from '../../auth/roles';
import { peopleScope, regionWithin } from '../../auth/scope';
import type { RouteContext } from '../../http/context';
import { errorResponses, regionCode, security } from '../../http/schemas';
import { selectPeople, toApi } from '../../people/repo';
import { personSchema } from '../../people/schemas';
import { auditContext, auditPersonReads } from '../../privacy/audit';

const searchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('a name (exact, or its beginning) or a phone number (exact)'),
  idNumber: z
    .string()
    .trim()
    .refine(isValidIdNumber, '身份证号格式或校验位不正确')
    .optional()
    .describe('exact match through the keyed hash; the number is never stored or returned'),
  region: regionCode.optional().describe('origin or current region, any level'),
  statusCategory: z.enum(statusCategories).optional(),
  status: z.enum(['active', 'placed', 'inactive']).optional().describe('default: all except erased'),
  willingToTrain: z.enum(['true', 'false']).optional(),
  availability: z
    .enum(['now', 'soon', 'later'])
    .optional()
    .describe('now: available today (or no date); soon: within 30 days; later: after that'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => [10, 20, 50, 100].includes(n), 'one of 10, 20, 50, 100')
    .default(20),
});

/**
 * 求职人员 as the console pages them: a search by name, phone or ID number, the console's filters, and a
 * numbered page with the total (the keyset-paged `GET /v1/people` stays the machines' way through a list).
 */
export const peopleSearchRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  app.get(
    '/v1/people/search',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags: ['求职需求清单 people'],
        security,
        summary:
          '求职人员 search for the console: name, phone or ID number, filters, numbered pages with a total',
        description:
          'Each person returned is written to the audit log (one row per person). State why in the `x-purpose` header.',
        querystring: searchQuery,
        response: {
          200: z.object({ items: z.array(personSchema), total: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const today = todayInChina();
      const in30 = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
      const where = and(
        peopleScope(principalOf(request)),
        q.status ? eq(people.status, q.status) : ne(people.status, 'erased'),
        q.q
          ? or(
              eq(people.phone, q.q),
              eq(people.name, q.q),
              sql`${people.name} like ${`${q.q.replace(/[%_\\]/g, '\\$&')}%`}`,
            )
          : undefined,
        q.idNumber
          ? eq(people.idNumberHash, idNumberHash(ctx.config.secrets.idHashKey, q.idNumber))
          : undefined,
        q.region
          ? sql`(${regionWithin(people.originRegionCode, q.region)} or ${regionWithin(people.currentRegionCode, q.region)})`
          : undefined,
        q.statusCategory ? eq(people.statusCategory, q.statusCategory) : undefined,
        q.willingToTrain ? eq(people.willingToTrain, q.willingToTrain === 'true') : undefined,
        availability(q.availability, today, in30),
      );
      const [rows, [total]] = await Promise.all([
        selectPeople(db, where, q.pageSize).offset((q.page - 1) * q.pageSize),
        db.select({ n: count() }).from(people).where(where),
      ]);
      const items = rows.map(toApi);
      await auditPersonReads(
        ctx.audit,
        auditContext(request, 'list'),
        items.map((p) => p.id),
        'list',
      );
      return { items, total: Number(total?.n ?? 0) };
    },
  );
};

function availability(
  which: 'now' | 'soon' | 'later' | undefined,
  today: string,
  in30: string,
): SQL | undefined {
  if (which === 'now') return or(isNull(people.availableFrom), lte(people.availableFrom, today));
  if (which === 'soon') return and(gt(people.availableFrom, today), lte(people.availableFrom, in30));
  if (which === 'later') return gt(people.availableFrom, in30);
  return undefined;
}
