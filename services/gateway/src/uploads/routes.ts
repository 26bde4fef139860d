import { ingestBatches, rejectedRows } from '@qihang/shared/db/schema/index';
import { listKinds } from '@qihang/shared/domain/index';
import { DomainError, ForbiddenError, NotFoundError } from '@qihang/shared/errors';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, type Principal, principalOf } from '../auth/roles';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, pageQuery, security } from '../http/schemas';
import type { Actor, IngestPort } from '../ports';
import { auditContext, auditEvent } from '../privacy/audit';

const tags = ['清单导入 uploads'];
/**
 * How long an upload's connection may wait for its report. The server's idle timeout (30 s) would cut a
 * large list off mid-way — 100k rows take ~20 s on PostgreSQL and ~35 s on the embedded database — and the
 * caller would get an empty reply while the batch went on.
 */
export const UPLOAD_TIMEOUT_MS = 15 * 60_000;
/** How long an upload's file may take to arrive (a 25 MB list at 1 Mbps: over 3 minutes). */
export const UPLOAD_BODY_TIMEOUT_MS = 10 * 60_000;
const spreadsheetTypes = [
  'application/octet-stream',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

const batchSchema = z
  .object({
    batchId: z.uuid(),
    kind: z.enum(listKinds),
    status: z.enum(['running', 'done', 'failed']),
    filename: z.string().nullable(),
    accepted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    merged: z.number().int(),
    flagged: z.number().int(),
    unmappedColumns: z.array(z.string()),
    columns: z
      .array(
        z.object({
          field: z.string(),
          label: z.string().meta({ description: "the field's Chinese name" }),
          column: z.string().nullable().meta({ description: 'the header read; null: no candidate could be' }),
          passedOver: z.array(z.string()),
        }),
      )
      .meta({
        description:
          'For each field: the column read, and the candidate columns passed over (家庭联系电话 is never read as the person’s own phone)',
      }),
    sheet: z.string().nullable().meta({ description: 'The workbook tab that was imported (XLSX)' }),
    skippedSheets: z
      .array(
        z.object({
          sheet: z.string(),
          rows: z.number().int().nullable().meta({ description: 'null: the tab could not be read' }),
          hidden: z.boolean(),
        }),
      )
      .meta({
        description:
          "The workbook's other tabs that hold rows: not imported (a file is one list, read from its first visible tab); upload each as its own file",
      }),
    warnings: z.array(
      z.object({ rowNumber: z.number().int(), field: z.string(), reason: z.string(), review: z.boolean() }),
    ),
    error: z.string().nullable(),
  })
  .meta({ id: 'BatchReport' });

const rejectedRowSchema = z
  .object({
    id: z.uuid(),
    batchId: z.uuid(),
    rowNumber: z.number().int(),
    raw: z.record(z.string(), z.unknown()).describe('the row as uploaded; an ID number is masked'),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })),
    status: z.enum(['open', 'resubmitted', 'discarded']),
  })
  .meta({ id: 'RejectedRow' });

const actorOf = (p: Principal): Actor => ({
  userId: p.userId,
  role: p.role,
  regionCode: p.regionCode,
  facilityId: p.facilityId,
});

export const uploadRoutes: FastifyPluginAsyncZod<RouteContext & { ingest: IngestPort }> = async (
  app,
  ctx,
) => {
  const { db } = ctx.database;
  const { ingest } = ctx;

  app.addContentTypeParser(spreadsheetTypes, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  /** A batch is visible to the user who uploaded it, and to admins. */
  async function ownBatch(p: Principal, batchId: string) {
    const [batch] = await db
      .select({ createdBy: ingestBatches.createdBy })
      .from(ingestBatches)
      .where(eq(ingestBatches.id, batchId));
    if (!batch || (p.role !== 'admin' && batch.createdBy !== p.userId)) throw new NotFoundError('batch');
  }

  async function ownRow(p: Principal, rowId: string) {
    const [row] = await db
      .select({ batchId: rejectedRows.batchId })
      .from(rejectedRows)
      .where(eq(rejectedRows.id, rowId));
    // Another user's row reads exactly as a row that does not exist (not as "batch not found").
    if (!row) throw new NotFoundError('rejected row');
    await ownBatch(p, row.batchId).catch((err: unknown) => {
      throw err instanceof NotFoundError ? new NotFoundError('rejected row') : err;
    });
  }

  app.post(
    '/v1/uploads/:kind',
    {
      config: { roles: access.caseWorkers, bodyTimeoutMs: UPLOAD_BODY_TIMEOUT_MS },
      bodyLimit: 50 * 1024 * 1024,
      schema: {
        tags,
        security,
        summary:
          'Upload 求职需求清单 (people) or 岗位供给清单 (posts) as XLSX or CSV; returns the batch report',
        description:
          'Send the file as the raw request body (`--data-binary @list.xlsx`) with content-type application/octet-stream, text/csv or the XLSX type. Rows that fail validation are kept with their reasons (see rejected-rows).',
        params: z.object({ kind: z.enum(listKinds) }),
        querystring: z.object({
          filename: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .regex(/\.(xlsx|csv)$/i, 'must end in .xlsx or .csv'),
        }),
        response: { 201: batchSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.role === 'facility' && request.params.kind !== 'people') {
        throw new ForbiddenError('a facility key uploads only the job-seeker list');
      }
      const content = request.body as unknown;
      if (!Buffer.isBuffer(content) || content.length === 0) {
        throw new DomainError(
          400,
          'invalid_request',
          'the file is missing: send it as the raw request body',
          [{ path: 'body', message: 'empty' }],
        );
      }
      // (A request injected in tests has no real socket.)
      const { socket } = request.raw;
      if (typeof socket?.setTimeout === 'function') socket.setTimeout(UPLOAD_TIMEOUT_MS);
      const report = await ingest.ingestFile({
        kind: request.params.kind,
        filename: request.query.filename,
        content,
        actor: actorOf(p),
      });
      return reply.status(201).send(report);
    },
  );

  app.get(
    '/v1/uploads/:id',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'The report of an upload',
        params: idParams,
        response: { 200: batchSchema, ...errorResponses },
      },
    },
    async (request) => {
      await ownBatch(principalOf(request), request.params.id);
      return ingest.getBatchReport(request.params.id);
    },
  );

  app.get(
    '/v1/uploads/:id/rejected-rows',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Rows of an upload that failed validation, with reasons in Chinese',
        params: idParams,
        querystring: pageQuery,
        response: {
          200: z.object({ items: z.array(rejectedRowSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await ownBatch(principalOf(request), request.params.id);
      const page = await ingest.listRejectedRows(request.params.id, request.query);
      // Rejected rows hold names and phones of people who may not be on file yet: reading them is a read.
      if (page.items.length > 0) {
        await auditEvent(db, auditContext(request, 'correct'), {
          action: 'read_rejected_rows',
          subjectType: 'ingest_batch',
          subjectId: request.params.id,
        });
      }
      return page;
    },
  );

  app.patch(
    '/v1/rejected-rows/:id',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Correct values of a rejected row (re-validated; resubmit to import it)',
        params: idParams,
        body: z
          .object({
            values: z.record(
              z.string().max(100),
              z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]),
            ),
          })
          .strict(),
        response: { 200: rejectedRowSchema, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await ownRow(p, request.params.id);
      const row = await ingest.correctRejectedRow(request.params.id, request.body.values, actorOf(p));
      await auditEvent(db, auditContext(request, 'correct'), {
        action: 'correct_rejected_row',
        subjectType: 'rejected_row',
        subjectId: request.params.id,
      });
      return row;
    },
  );

  app.post(
    '/v1/rejected-rows/:id/resubmit',
    {
      config: { roles: access.caseWorkers },
      schema: {
        tags,
        security,
        summary: 'Import a corrected row',
        params: idParams,
        response: {
          200: z.object({
            row: rejectedRowSchema,
            outcome: z.enum(['accepted', 'updated', 'unchanged', 'rejected']),
            recordId: z
              .string()
              .nullable()
              .describe('the person or post the row became (null when it was rejected again)'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await ownRow(p, request.params.id);
      const result = await ingest.resubmitRejectedRow(request.params.id, actorOf(p));
      await auditEvent(db, auditContext(request, 'correct'), {
        action: 'resubmit_rejected_row',
        subjectType: 'rejected_row',
        subjectId: request.params.id,
      });
      return result;
    },
  );
};
