import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { type Asset, loadAssets } from './assets';

/**
 * Scripts only from this origin (no inline script, no eval); styles may be inline because Element Plus and
 * ECharts set style attributes (tooltips, positions); nothing may frame the console.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API or the server, never to the console's client-side routes. */
const serverPaths = /^\/(v1|docs|health|ready)(\/|$)/;

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply
    .header('content-type', asset.type)
    .header('etag', asset.etag)
    .header('x-content-type-options', 'nosniff')
    .header('vary', 'accept-encoding')
    .header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (asset.type.startsWith('text/html')) {
    reply
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
  }
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  const gzip = asset.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

/**
 * Serves the built console at `/` on the API's own origin: hashed assets cached for a year, index.html
 * revalidated every time, and any other path a client-side route (index.html). `/v1`, `/docs`, `/health`
 * keep their routes; an unknown path under them, or a missing file, is the API's usual JSON 404.
 */
export const consoleRoutes: FastifyPluginAsync<{ dir: string }> = async (app, opts) => {
  const assets = loadAssets(opts.dir);
  if (!assets) {
    app.log.warn({ dir: opts.dir }, 'no console build found: the console is not served');
    return;
  }
  const index = assets.get('/index.html')!;
  const config = { public: true, rateLimit: false } as const;
  app.get('/', { config, schema: { hide: true } }, (request, reply) => send(request, reply, index));
  app.get('/*', { config, schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    const asset = assets.get(path);
    if (asset) return send(request, reply, asset);
    if (serverPaths.test(path) || path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return send(request, reply, index);
  });
};
