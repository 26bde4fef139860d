/**
 * How one HTTP attempt ends, and when to try again. Pure, so the retry policy is tested on its own.
 * - 2xx: delivered. 3xx: dead (we do not follow redirects with signed bodies).
 * - 408, 429, 5xx, timeouts, connection errors, a body cut off: retry; `Retry-After` is honoured when given.
 * - any other 4xx: dead at once — the portal refused this request and would refuse it again.
 */
export type AttemptResult =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; retryAfterMs?: number }
  | { kind: 'dead'; error: string };

export function classifyResponse(status: number, retryAfter: string | null, nowMs: number): AttemptResult {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const error = `HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    const after = parseRetryAfter(retryAfter, nowMs);
    return after === undefined ? { kind: 'retry', error } : { kind: 'retry', error, retryAfterMs: after };
  }
  if (status >= 300 && status < 400) return { kind: 'dead', error: `${error} (redirects are not followed)` };
  return { kind: 'dead', error };
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this is cut to it (a portal cannot park our queue for a week). */
  maxRetryAfterMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 2_000, maxMs: 30 * 60_000, maxRetryAfterMs: 3600_000 };

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), so a portal coming back from an outage
 * is not hit by every delivery at the same instant; a Retry-After is a floor, with a little jitter above it.
 */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  if (retryAfterMs !== undefined) {
    const floor = Math.min(retryAfterMs, policy.maxRetryAfterMs);
    return floor + Math.floor(random() * Math.min(1_000, floor * 0.1));
  }
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(exp / 2 + random() * (exp / 2));
}

/** A thrown fetch error as a short reason (no URL query strings, no bodies). */
export function describeFetchError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  const code = e.cause?.code ?? e.cause?.message ?? e.message ?? 'unknown';
  return `connection error: ${code}`.slice(0, 200);
}
