import { DomainError } from '@qihang/shared/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The path (body.items.2.name) of the first string or key in `value` that holds a NUL character. */
export function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (key.includes('\u0000')) return here;
    const found = nulPath(item, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL cannot store a NUL character in text, so a body, query or path parameter holding one would
 * fail deep in a write (a 500). It is refused up front, naming the field.
 */
export const nulBytes = fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', async (request) => {
      const path =
        nulPath(request.params, 'params') ??
        nulPath(request.query, 'querystring') ??
        nulPath(request.body, 'body');
      if (path) {
        throw new DomainError(400, 'invalid_request', 'the request holds a NUL character', [
          { path, message: '含有空字符（NUL），请删除后重试' },
        ]);
      }
    });
  },
  { name: 'qihang-nul-bytes' },
);
