import { type Logger, pino } from 'pino';
import type { Config } from '../config';

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

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  bindings: Record<string, unknown> = {},
): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: bindings,
  });
}
