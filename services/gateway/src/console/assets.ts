import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built console, held in memory (the whole build is a few MB) with its gzip form. */
export interface Asset {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  /** Vite's hashed output under /assets/: its name changes whenever its content does. */
  immutable: boolean;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.ttf']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Reads a console build (`services/console/dist`) into URL path → asset; null when there is no build. */
export function loadAssets(dir: string): Map<string, Asset> | null {
  if (!existsSync(join(dir, 'index.html'))) return null;
  const assets = new Map<string, Asset>();
  for (const file of walk(dir)) {
    const rel = relative(dir, file).split(sep).join('/');
    if (rel.startsWith('.')) continue; // the build stamp and other dot files are not served
    const ext = extname(file);
    const body = readFileSync(file);
    const gz = compressible.has(ext) && body.length > 1024 ? gzipSync(body, { level: 9 }) : null;
    assets.set(`/${rel}`, {
      body,
      gzip: gz && gz.length < body.length ? gz : null,
      type: types[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: rel.startsWith('assets/'),
    });
  }
  return assets;
}
