import { DomainError, type ErrorDetail } from '@qihang/shared/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The one error shape every route answers with. */
export const errorResponseSchema = z
  .object({
    statusCode: z.number().int(),
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

function validationDetails(err: FastifyError): ErrorDetail[] {
  const context = err.validationContext ?? 'request';
  return (err.validation ?? []).map((v) => {
    const pointer = v.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    return { path: pointer ? `${context}.${pointer}` : context, message: v.message ?? 'invalid' };
  });
}

/** fastify's own request errors, in the words and codes of the rest of the API. */
const frameworkErrors: Record<string, { code: string; message: string; path?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid_json',
    message: 'the body is not valid JSON',
    path: 'body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: 'the body is empty but its content-type is application/json',
    path: 'body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'this content-type is not accepted here',
    path: 'headers.content-type',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    message: 'the body is larger than this route accepts',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    message: 'content-length does not match the body',
  },
};

/**
 * Maps every error to `{ statusCode, code, message, requestId, details? }`. Validation errors become 400 with
 * field paths; domain errors keep their status; anything else is a 500 whose internals stay in the log.
 */
export const errorHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      const requestId = String(request.id);
      if (hasZodFastifySchemaValidationErrors(err) || err.validation) {
        return reply.status(400).send({
          statusCode: 400,
          code: 'invalid_request',
          message: 'the request does not match the schema',
          requestId,
          details: validationDetails(err),
        });
      }
      if (err instanceof DomainError) {
        return reply.status(err.statusCode).send({
          statusCode: err.statusCode,
          code: err.code,
          message: err.message,
          requestId,
          ...(err.details ? { details: err.details } : {}),
        });
      }
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status >= 500 || isResponseSerializationError(err)) {
        request.log.error({ err }, 'request failed');
        return reply
          .status(500)
          .send({ statusCode: 500, code: 'internal_error', message: 'internal error', requestId });
      }
      const known = err.code ? frameworkErrors[err.code] : undefined;
      // The rate limit's own error has no code; its message says when to retry (as retry-after does).
      const fallback = status === 429 ? 'rate_limited' : err.code ? err.code.toLowerCase() : 'bad_request';
      return reply.status(status).send({
        statusCode: status,
        code: known?.code ?? fallback,
        message: known?.message ?? err.message,
        requestId,
        ...(known?.path ? { details: [{ path: known.path, message: err.message }] } : {}),
      });
    });
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        statusCode: 404,
        code: 'not_found',
        message: `route ${request.method} ${request.url.split('?')[0]} not found`,
        requestId: String(request.id),
      }),
    );
  },
  { name: 'qihang-errors' },
);
