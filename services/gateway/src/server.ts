import type { Logger } from '@qihang/shared/log/index';
import closeWithGrace from 'close-with-grace';
import { type AppDeps, buildApp } from './app';
import { UPLOAD_BODY_TIMEOUT_MS } from './uploads/routes';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Owns the HTTP process: logger, timeouts, listen, and a graceful close on SIGINT/SIGTERM or a fatal error
 * (in-flight requests finish, then `onClose` hooks release what the app opened, then `cleanup`).
 */
export async function startServer(
  deps: AppDeps,
  log: Logger,
  cleanup: () => Promise<void>,
): Promise<RunningServer> {
  const app = await buildApp(deps, {
    loggerInstance: log,
    connectionTimeout: 30_000,
    // Headers within 30 s. A body within 30 s too (app.ts), except an upload's: a list's file over a county
    // office's slow uplink (a 25 MB, 100k-row XLSX at 1 Mbps takes over 3 minutes) may take 10 minutes,
    // this outer bound. A request refused before its body arrived loses its connection with the answer.
    requestTimeout: UPLOAD_BODY_TIMEOUT_MS,
    keepAliveTimeout: 5_000,
    // JSON bodies are small (5,000 ids at most); the upload route allows 50 MB itself.
    bodyLimit: 1024 * 1024,
    // Loading the OpenAPI plugins takes seconds on a busy two-core machine; the 10 s default is too tight.
    pluginTimeout: 60_000,
  });
  app.server.headersTimeout = 30_000;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
    await cleanup();
  };
  closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
    if (err) log.error({ err }, 'fatal error, closing');
    else log.info({ signal }, 'closing');
    await close();
  });
  const address = await app.listen({ host: deps.config.http.host, port: deps.config.http.port });
  return { url: address, close };
}
