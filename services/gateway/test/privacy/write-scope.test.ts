import { employers, jobFairs, portalSubscriptions, posts } from '@qihang/shared/db/schema/index';
import type { Role } from '@qihang/shared/domain/index';
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferenceKind } from '../../src/auth/references';
import { buildWorld, codes, fakeMatcher, type World } from '../fixtures';

/**
 * Every write × every role allowed on it × every record it names, pointed at a record outside that role's
 * scope: each must be refused — 404 for the record in the path, or a refusal naming the body field. The
 * writes come from the registered routes (app.routeAccess): a new write without an entry here fails, so
 * nobody adds one without saying which records it names.
 */
type Ids = World['ids'] & {
  liuchengEmployer: string;
  liuchengPost: string;
  closedPost: string;
  liuchengFair: string;
  bureauFair: string;
  organizerFair: string;
  subscription: string;
};
type Ref = { at: string; kind: ReferenceKind };
interface Entry {
  refs: Ref[];
  /** The request with in-scope values for `role`, and `out` (an out-of-scope id) put at `ref.at`. */
  build?: (ids: Ids, role: Role, ref: Ref, out: string) => InjectOptions;
  /** Why a write names no record of the seven kinds (or checks its own kind elsewhere). */
  none?: string;
}

const person = (ids: Ids, role: Role) =>
  role === 'facility' ? ids.xiangxiRehab : role === 'organizer' ? ids.xiangxiRural : ids.xiangxiRural;
const fair = (ids: Ids, role: Role) => (role === 'organizer' ? ids.organizerFair : ids.bureauFair);
/** Puts `out` at `ref.at` in a request whose path has `:id` and whose body is `body`. */
function request(
  method: string,
  url: string,
  id: string,
  body: Record<string, unknown> | undefined,
  ref: Ref,
  out: string,
): InjectOptions {
  let path = url.replace(':purpose', 'employer_matching');
  const payload = body ? structuredClone(body) : undefined;
  if (ref.at === 'params.id') path = path.replace(':id', out);
  else {
    path = path.replace(':id', id);
    const keys = ref.at.replace(/^body\./, '').split('.');
    let target = payload as Record<string, unknown>;
    for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
    const last = keys.at(-1)!;
    target[last] = Array.isArray(target[last]) ? [out] : out;
  }
  return { method: method as 'POST', url: path, ...(payload ? { payload } : {}) };
}

const table: Record<string, Entry> = {
  'POST /v1/admin/users': { refs: [], none: 'admin only: an admin is unrestricted' },
  'POST /v1/admin/users/:id/keys': { refs: [], none: 'admin only' },
  'DELETE /v1/admin/keys/:id': { refs: [], none: 'admin only' },
  'POST /v1/admin/accounts': { refs: [], none: 'admin only' },
  'POST /v1/admin/accounts/:id/reset-password': { refs: [], none: 'admin only' },
  'POST /v1/admin/accounts/:id/unlock': { refs: [], none: 'admin only' },
  'POST /v1/admin/accounts/:id/disable': { refs: [], none: 'admin only' },
  'POST /v1/admin/accounts/:id/enable': { refs: [], none: 'admin only' },
  'POST /v1/people': {
    refs: [{ at: 'body.facilityId', kind: 'facility' }],
    build: (_ids, _role, ref, out) =>
      request(
        'POST',
        '/v1/people',
        '',
        { name: '赵六', originRegionCode: codes.luxi, facilityId: null },
        ref,
        out,
      ),
  },
  'PATCH /v1/people/:id': {
    refs: [
      { at: 'params.id', kind: 'person' },
      { at: 'body.facilityId', kind: 'facility' },
    ],
    build: (ids, role, ref, out) =>
      request('PATCH', '/v1/people/:id', person(ids, role), { facilityId: null }, ref, out),
  },
  'POST /v1/people/:id/close': {
    refs: [{ at: 'params.id', kind: 'person' }],
    build: (ids, role, ref, out) =>
      request('POST', '/v1/people/:id/close', person(ids, role), { status: 'inactive' }, ref, out),
  },
  'POST /v1/people/:id/erase': {
    refs: [{ at: 'params.id', kind: 'person' }],
    build: (ids, role, ref, out) =>
      request('POST', '/v1/people/:id/erase', person(ids, role), undefined, ref, out),
  },
  'POST /v1/people/:id/consents': {
    refs: [{ at: 'params.id', kind: 'person' }],
    build: (ids, role, ref, out) =>
      request(
        'POST',
        '/v1/people/:id/consents',
        person(ids, role),
        { purpose: 'employer_matching', granted: true },
        ref,
        out,
      ),
  },
  'DELETE /v1/people/:id/consents/:purpose': {
    refs: [{ at: 'params.id', kind: 'person' }],
    build: (ids, role, ref, out) =>
      request('DELETE', '/v1/people/:id/consents/:purpose', person(ids, role), undefined, ref, out),
  },
  'POST /v1/posts': {
    refs: [{ at: 'body.employerId', kind: 'employer' }],
    build: (_ids, role, ref, out) =>
      request(
        'POST',
        '/v1/posts',
        '',
        {
          employerId: null,
          title: '装配工',
          headcount: 1,
          regionCode: role === 'bureau' ? codes.jishou : codes.lixia,
        },
        ref,
        out,
      ),
  },
  'PATCH /v1/posts/:id': {
    refs: [{ at: 'params.id', kind: 'post' }],
    build: (ids, _role, ref, out) =>
      request('PATCH', '/v1/posts/:id', ids.jinanWeldingPost, { headcount: 2 }, ref, out),
  },
  'POST /v1/posts/:id/close': {
    refs: [{ at: 'params.id', kind: 'post' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/posts/:id/close', ids.jinanWeldingPost, undefined, ref, out),
  },
  'POST /v1/posts/:id/reopen': {
    refs: [{ at: 'params.id', kind: 'post' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/posts/:id/reopen', ids.jinanWeldingPost, undefined, ref, out),
  },
  'POST /v1/employers': { refs: [], none: 'names only a region (assertRegionInScope)' },
  'PATCH /v1/employers/:id': {
    refs: [{ at: 'params.id', kind: 'employer' }],
    build: (ids, _role, ref, out) =>
      request('PATCH', '/v1/employers/:id', ids.fairEmployer, { contactName: '王' }, ref, out),
  },
  'POST /v1/employers/:id/close': {
    refs: [{ at: 'params.id', kind: 'employer' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/employers/:id/close', ids.fairEmployer, undefined, ref, out),
  },
  'POST /v1/employers/:id/reopen': {
    refs: [{ at: 'params.id', kind: 'employer' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/employers/:id/reopen', ids.fairEmployer, undefined, ref, out),
  },
  'POST /v1/training-courses': { refs: [], none: 'names only a region' },
  'PATCH /v1/training-courses/:id': { refs: [], none: 'a course, held to trainingWriteScope' },
  'DELETE /v1/training-courses/:id': { refs: [], none: 'a course, held to trainingWriteScope' },
  'POST /v1/fairs': { refs: [], none: 'names only a region (approved by a bureau of it)' },
  'POST /v1/fairs/:id/approve': {
    refs: [{ at: 'params.id', kind: 'fair' }],
    build: (ids, role, ref, out) => request('POST', '/v1/fairs/:id/approve', fair(ids, role), {}, ref, out),
  },
  'POST /v1/fairs/:id/posts': {
    refs: [
      { at: 'params.id', kind: 'fair' },
      { at: 'body.postIds', kind: 'post' },
    ],
    build: (ids, role, ref, out) =>
      request('POST', '/v1/fairs/:id/posts', fair(ids, role), { postIds: [ids.jinanWeldingPost] }, ref, out),
  },
  'POST /v1/fairs/:id/participants': {
    refs: [
      { at: 'params.id', kind: 'fair' },
      { at: 'body.personIds', kind: 'person' },
    ],
    build: (ids, role, ref, out) =>
      request(
        'POST',
        '/v1/fairs/:id/participants',
        fair(ids, role),
        { personIds: [ids.xiangxiRural] },
        ref,
        out,
      ),
  },
  'POST /v1/fairs/:id/shortlists': {
    refs: [{ at: 'params.id', kind: 'fair' }],
    build: (ids, role, ref, out) =>
      request('POST', '/v1/fairs/:id/shortlists', fair(ids, role), {}, ref, out),
  },
  'POST /v1/intents': {
    refs: [
      { at: 'body.personId', kind: 'person' },
      { at: 'body.postId', kind: 'post' },
      { at: 'body.fairId', kind: 'fair' },
    ],
    build: (ids, role, ref, out) =>
      request(
        'POST',
        '/v1/intents',
        '',
        {
          personId: ids.xiangxiRural,
          postId: ids.jinanWeldingPost,
          fairId: fair(ids, role),
          signedOn: '2026-12-01',
        },
        ref,
        out,
      ),
  },
  'POST /v1/placements': {
    refs: [
      { at: 'body.personId', kind: 'person' },
      { at: 'body.postId', kind: 'post' },
      { at: 'body.employerId', kind: 'employer' },
    ],
    build: (ids, role, ref, out) =>
      request(
        'POST',
        '/v1/placements',
        '',
        {
          personId: person(ids, role),
          type: 'dispersed',
          startDate: '2026-12-10',
        },
        ref,
        out,
      ),
  },
  'POST /v1/placements/:id/retention-checks': { refs: [], none: "a placement, held to its person's scope" },
  'POST /v1/uploads/:kind': { refs: [], none: 'rows are held to the uploader’s scope by ingest' },
  'PATCH /v1/rejected-rows/:id': { refs: [], none: 'a rejected row of the caller’s own batch' },
  'POST /v1/rejected-rows/:id/resubmit': { refs: [], none: 'a rejected row of the caller’s own batch' },
  'POST /v1/portals': { refs: [], none: 'names only a region' },
  'POST /v1/portal-subscriptions': {
    refs: [{ at: 'body.regionCodes', kind: 'subscription' }],
    build: (ids, _role, ref, _out) =>
      request(
        'POST',
        '/v1/portal-subscriptions',
        '',
        { portalId: ids.portal, targetUrl: null, regionCodes: [] },
        ref,
        codes.jinan,
      ),
  },
  'PATCH /v1/portal-subscriptions/:id': {
    refs: [{ at: 'params.id', kind: 'subscription' }],
    build: (ids, _role, ref, out) =>
      request('PATCH', '/v1/portal-subscriptions/:id', ids.subscription, { active: false }, ref, out),
  },
  'POST /v1/portal-subscriptions/:id/push': {
    refs: [{ at: 'params.id', kind: 'subscription' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/portal-subscriptions/:id/push', ids.subscription, {}, ref, out),
  },
  'POST /v1/portal-subscriptions/:id/replay': {
    refs: [{ at: 'params.id', kind: 'subscription' }],
    build: (ids, _role, ref, out) =>
      request('POST', '/v1/portal-subscriptions/:id/replay', ids.subscription, {}, ref, out),
  },
};

/** A record of `kind` outside `role`'s scope in this world, or null where the role has none to miss. */
function outside(ids: Ids, role: Role, kind: ReferenceKind): string | null {
  if (role === 'admin' || role === 'portal') return null;
  switch (kind) {
    case 'person':
      return ids.liuchengPerson;
    case 'post':
      // Organizers bring any open post to their fairs (job ads are public): a closed one is out of reach.
      return role === 'employer'
        ? ids.jinanPlainPost
        : role === 'organizer'
          ? ids.closedPost
          : ids.liuchengPost;
    case 'employer':
      return role === 'employer' ? ids.plainEmployer : ids.liuchengEmployer;
    case 'facility':
      return ids.liuchengStation;
    case 'fair':
      return ids.liuchengFair;
    case 'portal':
      return null;
    case 'subscription':
      return ids.subscription;
  }
}

let w: World;
let ids: Ids;
beforeAll(async () => {
  w = await buildWorld({ matcher: fakeMatcher() });
  const { db } = w.database;
  const [employer] = await db
    .insert(employers)
    .values({ name: '柳城糖业有限公司', regionCode: codes.liucheng })
    .returning();
  const [post] = await db
    .insert(posts)
    .values({
      employerId: employer!.id,
      title: '制糖工',
      headcount: 3,
      regionCode: codes.liucheng,
      contentHash: 'h-lc',
    })
    .returning();
  const [closed] = await db
    .insert(posts)
    .values({
      employerId: employer!.id,
      title: '已停招',
      headcount: 1,
      regionCode: codes.liucheng,
      contentHash: 'h-cl',
      status: 'closed',
    })
    .returning();
  const [liuchengFair] = await db
    .insert(jobFairs)
    .values({
      name: '柳城专场',
      heldOn: '2026-12-20',
      venue: '体育馆',
      regionCode: codes.liucheng,
      organizerId: w.users.liuchengBureau,
    })
    .returning();
  const [sub] = await db
    .select()
    .from(portalSubscriptions)
    .where(eq(portalSubscriptions.portalId, w.ids.portal));
  const bureauFair = await w.inject('bureau', {
    method: 'POST',
    url: '/v1/fairs',
    payload: { name: '湘西专场', heldOn: '2026-12-20', venue: '礼堂', regionCode: codes.xiangxi },
  });
  const organizerFair = await w.inject('organizer', {
    method: 'POST',
    url: '/v1/fairs',
    payload: { name: '吉首专场', heldOn: '2026-12-21', venue: '广场', regionCode: codes.jishou },
  });
  ids = {
    ...w.ids,
    liuchengEmployer: employer!.id,
    liuchengPost: post!.id,
    closedPost: closed!.id,
    liuchengFair: liuchengFair!.id,
    bureauFair: bureauFair.json().id,
    organizerFair: organizerFair.json().id,
    subscription: sub!.id,
  };
  const approved = await w.inject('bureau', {
    method: 'POST',
    url: `/v1/fairs/${ids.organizerFair}/approve`,
    payload: {},
  });
  expect(approved.statusCode, approved.body).toBe(200);
  // The organizer's own fair, with a post and a consenting person of its region: its in-scope records.
  for (const [url, payload] of [
    [`/v1/fairs/${ids.organizerFair}/posts`, { postIds: [ids.jinanWeldingPost] }],
    [`/v1/fairs/${ids.organizerFair}/participants`, { personIds: [ids.xiangxiRural] }],
  ] as const) {
    const res = await w.inject('organizer', { method: 'POST', url, payload });
    expect(res.statusCode, res.body).toBe(200);
  }
}, 300_000);
afterAll(async () => w?.cleanup());

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('every write checks every record it names against the caller’s scope', () => {
  it('each registered write says which records it names', () => {
    const writes = w.app.routeAccess.filter(
      (r) => !r.public && WRITES.has(r.method) && !r.url.startsWith('/v1/auth/'),
    );
    const missing = writes.map((r) => `${r.method} ${r.url}`).filter((k) => !table[k]);
    expect(missing).toEqual([]);
  });

  it('refuses each out-of-scope reference, for each role the route allows', async () => {
    const failures: string[] = [];
    let cases = 0;
    for (const route of w.app.routeAccess.filter((r) => WRITES.has(r.method))) {
      const entry = table[`${route.method} ${route.url}`];
      if (!entry?.build) continue;
      for (const role of route.roles ?? []) {
        for (const ref of entry.refs) {
          const out = outside(ids, role, ref.kind);
          if (!out) continue;
          cases++;
          const res = await w.inject(role, entry.build(ids, role, ref, out));
          const body = res.json() as { code?: string; details?: { path: string }[] };
          const named = body.details?.some((d) => d.path.startsWith(ref.at)) ?? false;
          const refused = ref.at.startsWith('params.')
            ? res.statusCode === 404
            : [403, 404, 409, 422].includes(res.statusCode) && named;
          if (!refused) {
            failures.push(
              `${route.method} ${route.url} as ${role}, ${ref.at} → ${res.statusCode} ${res.body.slice(0, 400)}`,
            );
          }
        }
      }
    }
    expect(cases).toBeGreaterThan(40);
    expect(failures).toEqual([]);
  }, 600_000);
});
