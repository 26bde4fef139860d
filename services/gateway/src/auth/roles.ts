import type { Role } from '@qihang/shared/domain/index';
import { roles } from '@qihang/shared/domain/index';

export { type Role, roles };

/**
 * Who is calling: the key's or the signed-in session's user, its role and the scope that role carries. A
 * session and a key of the same user carry the same principal but for which credential it came with.
 */
export interface Principal {
  /** The API key, for a machine; null for a session. */
  keyId: string | null;
  /** The console session, for a person; null for a key. */
  sessionId: string | null;
  userId: string;
  role: Role;
  /** bureau: this region and everything inside it. */
  regionCode: string | null;
  /** facility: its own people. */
  facilityId: string | null;
  /** employer: its own posts. */
  employerId: string | null;
  /** portal: the posts its subscriptions select. */
  portalId: string | null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The roles allowed to call the route. A route without `roles` (and not `public`) refuses everyone. */
    roles?: readonly Role[];
    /** Needs no key (health, readiness, docs). */
    public?: boolean;
    /** How long the request's body may take to arrive (default app.ts BODY_TIMEOUT_MS, 30 s). */
    bodyTimeoutMs?: number;
  }
  interface FastifyRequest {
    /** Set by the auth hook for every non-public route. */
    principal: Principal | null;
  }
}

/** Role groups routes reuse, so the authorization table reads like a policy. */
export const access = {
  admin: ['admin'],
  officials: ['admin', 'bureau'],
  caseWorkers: ['admin', 'bureau', 'facility'],
  /** Organizers read no person records: only the organizer view of an open fair (GET /v1/fairs/:id/people). */
  personReaders: ['admin', 'bureau', 'facility'],
  postOwners: ['admin', 'bureau', 'employer'],
  postReaders: ['admin', 'bureau', 'employer', 'organizer', 'portal'],
  trainingReaders: ['admin', 'bureau', 'facility', 'organizer'],
  everyone: roles,
} as const satisfies Record<string, readonly Role[]>;

/** The principal of an authenticated request; routes that declare roles always have one. */
export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('route reached without a principal: is it marked public?');
  return request.principal;
}
