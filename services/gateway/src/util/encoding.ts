import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * True when the client's `Accept-Encoding` allows gzip (RFC 9110 §12.5.3): `gzip` or `*` listed without
 * `q=0`. An explicit `gzip;q=0` refuses it even when `*` is allowed.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (!header) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let star = false;
  for (const part of value.split(',')) {
    const [raw = '', ...params] = part.toLowerCase().split(';');
    const name = raw.trim();
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (name === 'gzip' || name === 'x-gzip') return allowed;
    if (name === '*') star = allowed;
  }
  return star;
}

/**
 * A JSON response body kept in both forms: the bytes as serialized, and gzip-compressed (made once, on first
 * demand), so a cached page costs no serialization or compression per request.
 */
export class EncodedBody {
  private gzipped: Buffer | null = null;

  constructor(readonly plain: Buffer) {}

  get gzip(): Buffer {
    this.gzipped ??= gzipSync(this.plain, { level: 6 });
    return this.gzipped;
  }
}

/**
 * Sends a JSON body as it is (fastify serializes only objects, so the bytes pass untouched), gzip-compressed
 * when the client accepts it. `Vary` tells caches on the way that the answer depends on Accept-Encoding.
 */
export function sendEncoded(request: FastifyRequest, reply: FastifyReply, body: EncodedBody) {
  reply.header('vary', 'accept-encoding').type('application/json; charset=utf-8');
  if (acceptsGzip(request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(body.gzip);
  }
  return reply.send(body.plain);
}
