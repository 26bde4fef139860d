import { ingestBatches, rejectedRows } from '@qihang/shared/db/schema/index';
import { listKinds } from '@qihang/shared/domain/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, asc, desc, eq, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, type Principal, principalOf } from '../../auth/roles';
import type { RouteContext } from '../../http/context';
import { errorResponses, idParams, security } from '../../http/schemas';
import { auditContext, auditEvent } from '../../privacy/audit';
import { isoTimestamp } from '../../util/sql';

const tags = ['名单导入 uploads'];

/** A batch is its uploader's (admins see all), as in routes/uploads.ts. */
const own = (p: Principal): SQL | undefined =>
  p.role === 'admin' ? undefined : eq(ingestBatches.createdBy, p.userId);

const batchSummary = z.object({
  batchId: z.uuid(),
  kind: z.enum(listKinds),
  status: z.enum(['running', 'done', 'failed']),
  filename: z.string().nullable(),
  accepted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  error: z.string().nullable(),
  createdAt: z.string(),
});

/** The history of a user's uploads (the console's 导入记录), and a batch's open rejected rows as XLSX. */
export const batchRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;

  app.get(
    '/v1/uploads',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: "The caller's upload batches, newest first, with their counts (a running batch's so far)",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          offset: z.coerce.number().int().min(0).max(100_000).default(0),
          status: z.enum(['running', 'done', 'failed']).optional(),
        }),
        response: {
          200: z.object({ items: z.array(batchSummary), total: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const where = and(
        own(principalOf(request)),
        request.query.status ? eq(ingestBatches.status, request.query.status) : undefined,
      );
      const [rows, total] = await Promise.all([
        db
          .select()
          .from(ingestBatches)
          .where(where)
          .orderBy(desc(ingestBatches.createdAt))
          .limit(request.query.limit)
          .offset(request.query.offset),
        db.$count(ingestBatches, where),
      ]);
      return {
        total,
        items: rows.map((b) => ({
          batchId: b.id,
          kind: b.kind,
          status: b.status,
          filename: b.filename,
          accepted: b.accepted,
          updated: b.updated,
          unchanged: b.unchanged,
          rejected: b.rejected,
          error: b.error,
          createdAt: isoTimestamp(b.createdAt)!,
        })),
      };
    },
  );

  app.get(
    '/v1/uploads/:id/rejected-rows.xlsx',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: "A batch's rejected rows still open, as an XLSX to correct offline and upload again",
        description:
          'One row per rejected row with its original columns (an ID number stays masked) and a 错误原因 column. Audit-logged.',
        params: idParams,
        response: { 200: z.any().describe('the XLSX file'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const [batch] = await db
        .select({ id: ingestBatches.id, filename: ingestBatches.filename, kind: ingestBatches.kind })
        .from(ingestBatches)
        .where(and(eq(ingestBatches.id, request.params.id), own(p)));
      if (!batch) throw new NotFoundError('batch');
      const rows = await db
        .select({ rowNumber: rejectedRows.rowNumber, raw: rejectedRows.raw, errors: rejectedRows.errors })
        .from(rejectedRows)
        .where(and(eq(rejectedRows.batchId, batch.id), eq(rejectedRows.status, 'open')))
        .orderBy(asc(rejectedRows.rowNumber));
      const columns = [...new Set(rows.flatMap((r) => Object.keys(r.raw as Record<string, unknown>)))];
      const wb = new ExcelJS.Workbook();
      const sheet = wb.addWorksheet('被拒绝的行');
      sheet.addRow(['原行号', ...columns, '错误原因']).font = { bold: true };
      for (const r of rows) {
        const raw = r.raw as Record<string, unknown>;
        const errors = (r.errors as { field: string; reason: string }[]).map(
          (e) => `${e.field}：${e.reason}`,
        );
        sheet.addRow([r.rowNumber, ...columns.map((c) => (raw[c] ?? '') as string), errors.join('；')]);
      }
      await auditEvent(db, auditContext(request, 'export'), {
        action: 'rejected_rows_export',
        subjectType: 'batch',
        subjectId: batch.id,
      });
      const name = `${(batch.filename ?? batch.kind).replace(/\.(xlsx|csv)$/i, '')}-被拒绝的行.xlsx`;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );
};
