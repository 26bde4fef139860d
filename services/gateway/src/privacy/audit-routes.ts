import { auditLog } from '@qihang/shared/db/schema/index';
import { endOfChinaDay, roles, startOfChinaDay } from '@qihang/shared/domain/index';
import { ValidationError } from '@qihang/shared/errors';
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../auth/roles';
import type { RouteContext } from '../http/context';
import { errorResponses, isoDate, security, timestamp } from '../http/schemas';
import { isoTimestamp } from '../util/sql';

const entrySchema = z
  .object({
    id: z.number().int(),
    at: timestamp,
    actorUserId: z.string().nullable(),
    actorRole: z.enum(roles).nullable(),
    action: z.string(),
    route: z.string().nullable(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    purpose: z.string().nullable(),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

export const auditRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;

  app.get(
    '/v1/admin/audit',
    {
      config: { roles: access.admin },
      schema: {
        tags: ['管理 admin'],
        security,
        summary: 'Query the audit log: who read or changed whose record, when, through which route and why',
        querystring: z.object({
          subjectType: z.string().max(50).optional(),
          subjectId: z.string().max(100).optional(),
          actorUserId: z.uuid().optional(),
          action: z.string().max(50).optional(),
          from: isoDate.optional(),
          to: isoDate.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          cursor: z.string().regex(/^\d+$/).optional().describe('the last id of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(entrySchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.from && q.to && q.from > q.to) {
        throw new ValidationError('from is after to', [{ path: 'querystring.to', message: 'before from' }]);
      }
      const rows = await db
        .select()
        .from(auditLog)
        .where(
          and(
            q.subjectType ? eq(auditLog.subjectType, q.subjectType) : undefined,
            q.subjectId ? eq(auditLog.subjectId, q.subjectId) : undefined,
            q.actorUserId ? eq(auditLog.actorUserId, q.actorUserId) : undefined,
            q.action ? eq(auditLog.action, q.action) : undefined,
            q.from ? gte(auditLog.at, startOfChinaDay(q.from)) : undefined,
            q.to ? lt(auditLog.at, endOfChinaDay(q.to)) : undefined,
            q.cursor ? lt(auditLog.id, Number(q.cursor)) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(q.limit + 1);
      const items = rows.slice(0, q.limit).map((r) => ({ ...r, at: isoTimestamp(r.at) }));
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > q.limit && last ? String(last.id) : null };
    },
  );
};
