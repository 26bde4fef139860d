import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import type { Config } from '../config';
import { maskPersonalNumbersIn } from '../privacy/id-number';

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
  const cut = (text: string) =>
    maskPersonalNumbersIn(text.split(/\n?(?:Failed query:|params:)/)[0]!.slice(0, 500));
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
 * Query parameters whose values are logged (ID and phone numbers still masked): paging, filters by code,
 * dates and enums. Any other parameter (`subjectId`, an upload's `filename`, a search text) may carry a name
 * and is logged as `[redacted]`, as is any path segment that is not a plain ASCII token.
 */
const loggedQueryKeys = new Set([
  'limit',
  'cursor',
  'format',
  'kind',
  'status',
  'region',
  'destination',
  'occupation',
  'from',
  'to',
  'year',
  'week',
  'months',
  'validOn',
  'postedFrom',
  'postedTo',
  'registeredFrom',
  'registeredTo',
  'fairChance',
  'closed',
  'willingToTrain',
  'facilityId',
  'employerId',
  'actorUserId',
  'subjectType',
  'action',
]);
const plainToken = /^[A-Za-z0-9._~:*-]*$/;
const REDACTED = '[redacted]';

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/** A request URL fit for a log line: ID and phone numbers masked, names (anything not a plain token) gone. */
export function safeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q))
    .split('/')
    .map((segment) => {
      const text = maskPersonalNumbersIn(decoded(segment));
      return plainToken.test(text) ? text : REDACTED;
    })
    .join('/');
  if (q < 0) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = decoded(eq < 0 ? pair : pair.slice(0, eq));
      const safeKey = plainToken.test(key) ? key : REDACTED;
      if (eq < 0) return safeKey;
      const value = maskPersonalNumbersIn(decoded(pair.slice(eq + 1)));
      return `${safeKey}=${loggedQueryKeys.has(key) && plainToken.test(value) ? value : REDACTED}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * A request as fastify logs it, its URL made safe (a user who types an ID number or a name into a search box
 * puts it in the query string).
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
    url: req.url === undefined ? undefined : safeUrl(req.url),
    host: req.host ?? req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * A client's `x-request-id` is kept (so its logs and ours can be matched) only when it is a short, safe
 * token: at most 64 characters of letters, digits, `.`, `_`, `-`, and no ID or phone number inside. Anything else
 * (a name, an ID number, a kilobyte of text) is replaced by an id of our own.
 */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^[A-Za-z0-9._-]{1,64}$/.test(value)) return undefined;
  if (!/[A-Za-z]/.test(value) || maskPersonalNumbersIn(value) !== value) return undefined;
  return value;
}

/** Strings of a log line's own fields, and of plain objects in it, with ID and phone numbers masked. */
function maskLogFields(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalNumbersIn(value);
  if (depth > 3 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskLogFields(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  // Requests, errors and the like have their own serializers; only plain data is walked here.
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskLogFields(v, depth + 1);
  return out;
}

export function createLogger(
  config: Pick<Config, 'logLevel'>,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    redact: { paths: redactPaths, censor: '[redacted]' },
    serializers: { err: safeError, error: safeError, req: safeRequest },
    formatters: { log: (fields) => maskLogFields(fields, 0) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskPersonalNumbersIn(a) : a));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    base: bindings,
  };
  return destination ? pino(options, destination) : pino(options);
}
