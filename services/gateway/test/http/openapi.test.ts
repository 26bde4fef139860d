import { loadConfig } from '@qihang/shared/config/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import { expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import type { IngestPort, MatcherPort } from '../../src/ports';

/**
 * The OpenAPI document the gateway serves, compared byte for byte with the recording beside this file
 * (openapi.json). A route or schema change that alters the document fails here until the recording is
 * updated on purpose: `pnpm openapi:record`, then review the diff of openapi.json in the commit.
 */
it('serves the recorded OpenAPI document, unchanged', async () => {
  const { database, cleanup } = await migratedTestDatabase('pglite');
  try {
    // Routes behind a port are registered only when it is given; the document needs them all, never calls them.
    const app = await buildApp({
      config: loadConfig({}),
      database,
      ingest: {} as IngestPort,
      matcher: {} as MatcherPort,
      rateLimit: false,
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/docs/json' });
      expect(res.statusCode).toBe(200);
      // Pretty-printed in the served key order, so a change reads as a diff.
      await expect(`${JSON.stringify(res.json(), null, 2)}\n`).toMatchFileSnapshot('./openapi.json');
    } finally {
      await app.close();
    }
  } finally {
    await cleanup();
  }
});
