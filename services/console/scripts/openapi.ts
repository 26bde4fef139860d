/**
 * Writes the console's typed API client types from the gateway's OpenAPI document, built from the gateway
 * app itself (no server, no database: the document depends on route schemas only).
 *
 *   tsx services/console/scripts/openapi.ts           regenerate src/api/schema.d.ts
 *   tsx services/console/scripts/openapi.ts --check   fail when the committed file is stale
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApp, type IngestPort, type MatcherPort } from '@qihang/gateway';
import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import openapiTS, { astToString } from 'openapi-typescript';

const target = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

/** Every port method is unreachable: only the routes' schemas are read. */
const unreachable = <T extends object>(): T =>
  new Proxy({} as T, {
    get: () => () => {
      throw new Error('not available while generating the OpenAPI document');
    },
  });

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const app = await buildApp({
    config: loadConfig({}),
    database: unreachable<Database>(),
    ingest: unreachable<IngestPort>(),
    matcher: unreachable<MatcherPort>(),
  });
  try {
    await app.ready();
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await app.close();
  }
}

export async function generatedTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as never);
  const header =
    "// Generated from the gateway's OpenAPI document by services/console/scripts/openapi.ts. Do not edit.\n";
  return header + astToString(ast);
}

async function main() {
  const next = await generatedTypes();
  const current = await readFile(target, 'utf8').catch(() => '');
  if (process.argv.includes('--check')) {
    if (current !== next) {
      console.error('services/console/src/api/schema.d.ts is stale: run `pnpm console:api` and commit it.');
      process.exit(1);
    }
    console.log('console API types are current');
    return;
  }
  if (current !== next) await writeFile(target, next);
  console.log(current === next ? 'console API types unchanged' : 'console API types written');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
