import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** The only way the console talks to the gateway: typed from its OpenAPI document (schema.d.ts). */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;
let purpose: string | null = null;
let onUnauthorized: (() => void) | null = null;

export const session = {
  getCsrfToken: () => csrfToken,
  setCsrfToken(token: string | null) {
    csrfToken = token;
  },
  /** Why the official reads people's records (sent as `x-purpose` with every request). */
  setPurpose(text: string | null) {
    purpose = text;
  },
  getPurpose: () => purpose,
  onUnauthorized(fn: () => void) {
    onUnauthorized = fn;
  },
};

const middleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken && WRITES.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    if (purpose) request.headers.set('x-purpose', encodeURIComponent(purpose));
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/auth/')) onUnauthorized?.();
    return response;
  },
};
api.use(middleware);

export type SessionBody = paths['/v1/auth/sign-in']['post']['responses'][200]['content']['application/json'];
export type SessionUser = SessionBody['user'];
