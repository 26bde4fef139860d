import { type Logger, pino } from 'pino';
import type { Config } from '../config';
import { maskIdNumbersIn } from '../privacy/id-number';

export type { Logger } from 'pino';

/**
 * Fields that may hold personal data are redacted wherever they appear in a log line; logs are for
 * operators, and must never carry a name, an ID number, a phone number or a status category.
 */
export const redactPaths = [
  'name',
  'phone',
  'idNumber',
  'statusCategory',
  '*.name',
  '*.phone',
  '*.idNumber',
  '*.statusCategory',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
];

/**
 * Database errors carry the failed statement and its parameters in their message (drizzle appends
 * `params: …`, which for a bulk insert is the rows themselves). Only the message up to the query is kept, and
 * the driver's own fields, never the parameters.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const cut = (text: string) => text.split(/\n?(?:Failed query:|params:)/)[0]!.slice(0, 500);
  const cause = err.cause as { message?: string; code?: string } | undefined;
  const code = (err as unknown as { code?: unknown }).code;
  return {
    type: err.name,
    message: cut(err.message),
    ...(typeof code === 'string' ? { code } : {}),
    ...(cause?.message ? { cause: { message: cut(cause.message), code: cause.code } } : {}),
    stack: err.stack ? cut(err.stack.split('\n').slice(1).join('\n')) : undefined,
  };
}

/**
 * A request as fastify logs it, its URL with any ID number masked (a user who types an ID number into a
 * search box puts it in the query string).
 */
export function safeRequest(req: {
  method?: string;
  url?: string;
  host?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}): Record<string, unknown> {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : maskIdNumbersIn(req.url),
    host: req.host ?? req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  bindings: Record<string, unknown> = {},
): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: safeError, error: safeError, req: safeRequest },
    base: bindings,
  });
}
