/**
 * The sign-in routes as the team agreed them, until the gateway's OpenAPI document carries them; then the
 * generated schema.d.ts has the same paths and this file goes.
 */
export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: 'admin' | 'bureau' | 'facility' | 'organizer' | 'employer' | 'portal';
  regionCode: string | null;
  regionName: string | null;
  facilityId: string | null;
  employerId: string | null;
  mustChangePassword: boolean;
}
export interface SessionBody {
  user: SessionUser;
  csrfToken: string;
}
interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
  details?: unknown;
}
type Json<T> = { content: { 'application/json': T } };
type Op<Body, Ok extends Record<number, unknown>> = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody: Body extends never ? never : { content: { 'application/json': Body } };
  responses: Ok & {
    400: Json<ErrorBody>;
    401: Json<ErrorBody>;
    403: Json<ErrorBody>;
    422: Json<ErrorBody>;
    423: Json<ErrorBody>;
    429: Json<ErrorBody>;
  };
};
type NoBodyGet<Ok extends Record<number, unknown>> = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: Ok & { 401: Json<ErrorBody> };
};
type Path<M> = { parameters: { query?: never; header?: never; path?: never; cookie?: never } } & M;

export interface AuthPaths {
  '/v1/auth/sign-in': Path<{ post: Op<{ username: string; password: string }, { 200: Json<SessionBody> }> }>;
  '/v1/auth/session': Path<{ get: NoBodyGet<{ 200: Json<SessionBody> }> }>;
  '/v1/auth/sign-out': Path<{ post: NoBodyGet<{ 204: { content?: never } }> }>;
  '/v1/auth/sign-out-others': Path<{ post: NoBodyGet<{ 200: Json<{ revoked: number }> }> }>;
  '/v1/auth/password': Path<{
    post: Op<{ currentPassword: string; newPassword: string }, { 204: { content?: never } }>;
  }>;
}
