import { portalSubscriptions, portals } from '@qihang/shared/db/schema/index';
import { ConflictError, DomainError, NotFoundError } from '@qihang/shared/errors';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertReference, assertReferenceList, assertSubscriptionRegions } from '../auth/references';
import { access, type Principal, principalOf } from '../auth/roles';
import { postsScope } from '../auth/scope';
import type { RouteContext } from '../http/context';
import { errorResponses, idParams, security } from '../http/schemas';
import { readFeed } from '../push/feed';
import { deliveryCounts, listDeliveries, replay } from '../push/log';
import { deriveSecretsKey, encryptSecret, generateSigningSecret } from '../push/secrets';
import { pushToSubscription } from '../push/select';
import { targetPolicy, targetProblem } from '../push/targets';
import { referenceRepo } from '../reference/repo';
import { isoTimestamp } from '../util/sql';
import * as s from './schemas';

const tags = ['门户推送 portal push'];
const officials = access.officials;
const withPortal = ['admin', 'bureau', 'portal'] as const;

/**
 * Portals and their subscriptions, push runs, the delivery log and the pull feed. Any bureau may subscribe
 * any portal (portals are shared infrastructure), but only to posts of its own region: a bureau's
 * subscription names at least one region, all within its own, and a bureau changes, pushes or replays only
 * such subscriptions (auth/references.ts). A portal key reads only its own subscriptions and their feed.
 * See services/gateway/PUSH.md.
 */
export const portalRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, ctx) => {
  const { db } = ctx.database;
  const secretsKey = deriveSecretsKey(ctx.config.secrets.idHashKey);
  const reference = referenceRepo(db);
  const targets = targetPolicy(ctx.config.push.privateTargets);
  /** A webhook target must be https and public unless configured (push/targets.ts): 422 naming the field. */
  async function assertTarget(url: string | null | undefined) {
    const problem = url ? await targetProblem(targets, url) : null;
    if (problem) {
      throw new DomainError(422, 'webhook_target_refused', 'the webhook target is not allowed', [
        { path: 'body.targetUrl', message: problem },
      ]);
    }
  }

  const ownSubscriptions = (p: Principal): SQL | undefined =>
    p.role === 'portal'
      ? eq(portalSubscriptions.portalId, p.portalId ?? '00000000-0000-0000-0000-000000000000')
      : undefined;

  async function subscription(id: string, p: Principal) {
    const [row] = await db
      .select({ sub: portalSubscriptions, portalName: portals.name })
      .from(portalSubscriptions)
      .innerJoin(portals, eq(portals.id, portalSubscriptions.portalId))
      .where(and(eq(portalSubscriptions.id, id), ownSubscriptions(p)));
    if (!row) throw new NotFoundError('subscription');
    const { signingSecretEnc: _secret, ...sub } = row.sub;
    return { ...sub, portalName: row.portalName, createdAt: isoTimestamp(sub.createdAt) };
  }

  app.get(
    '/v1/portals',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'List regional portals',
        response: { 200: z.object({ items: z.array(s.portalSchema) }), ...errorResponses },
      },
    },
    async () => {
      const rows = await db.select().from(portals).orderBy(asc(portals.name));
      return { items: rows.map((r) => ({ ...r, createdAt: isoTimestamp(r.createdAt) })) };
    },
  );

  app.post(
    '/v1/portals',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Register a regional portal (e.g. 湘就业)',
        body: s.portalCreateBody,
        response: { 201: s.portalSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await reference.assertKnown({ region: [{ path: 'body.regionCode', codes: request.body.regionCode }] });
      const [row] = await db.insert(portals).values(request.body).onConflictDoNothing().returning();
      if (!row) throw new ConflictError('a portal with this name exists');
      return reply.status(201).send({ ...row, createdAt: isoTimestamp(row.createdAt) });
    },
  );

  app.get(
    '/v1/portal-subscriptions',
    {
      config: { roles: withPortal },
      schema: {
        tags,
        security,
        summary: 'List subscriptions (a portal: its own)',
        response: { 200: z.object({ items: z.array(s.subscriptionSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const rows = await db
        .select({ id: portalSubscriptions.id })
        .from(portalSubscriptions)
        .where(ownSubscriptions(principalOf(request)))
        .orderBy(asc(portalSubscriptions.createdAt));
      return { items: await Promise.all(rows.map((r) => subscription(r.id, principalOf(request)))) };
    },
  );

  app.post(
    '/v1/portal-subscriptions',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Subscribe a portal; the signing secret is in this answer only',
        body: s.subscriptionCreateBody,
        response: { 201: s.subscriptionCreated, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { body } = request;
      await reference.assertKnown({
        region: [{ path: 'body.regionCodes', codes: body.regionCodes ?? [] }],
        occupation: [{ path: 'body.occupationCodes', codes: body.occupationCodes ?? [] }],
      });
      await assertTarget(body.targetUrl);
      const p = principalOf(request);
      await assertReference(db, p, 'portal', body.portalId, 'body.portalId');
      assertSubscriptionRegions(p, body.regionCodes ?? []);
      const signingSecret = generateSigningSecret();
      const [row] = await db
        .insert(portalSubscriptions)
        .values({ ...body, signingSecretEnc: encryptSecret(secretsKey, signingSecret) })
        .returning({ id: portalSubscriptions.id });
      return reply
        .status(201)
        .send({ ...(await subscription(row!.id, principalOf(request))), signingSecret });
    },
  );

  app.get(
    '/v1/portal-subscriptions/:id',
    {
      config: { roles: withPortal },
      schema: {
        tags,
        security,
        summary: 'Read a subscription (never its secret)',
        params: idParams,
        response: { 200: s.subscriptionSchema, ...errorResponses },
      },
    },
    async (request) => subscription(request.params.id, principalOf(request)),
  );

  app.patch(
    '/v1/portal-subscriptions/:id',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Change target URL, filters, format or active flag',
        params: idParams,
        body: s.subscriptionUpdateBody,
        response: { 200: s.subscriptionSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { body } = request;
      await reference.assertKnown({
        region: [{ path: 'body.regionCodes', codes: body.regionCodes ?? [] }],
        occupation: [{ path: 'body.occupationCodes', codes: body.occupationCodes ?? [] }],
      });
      await assertTarget(body.targetUrl);
      const p = principalOf(request);
      await assertReference(db, p, 'subscription', request.params.id, 'params.id');
      assertSubscriptionRegions(p, body.regionCodes);
      if (Object.keys(body).length > 0) {
        await db.update(portalSubscriptions).set(body).where(eq(portalSubscriptions.id, request.params.id));
      }
      return subscription(request.params.id, p);
    },
  );

  app.post(
    '/v1/portal-subscriptions/:id/push',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Push selected (or all suitable) posts in scope; withdrawals follow automatically',
        params: idParams,
        body: s.pushBody,
        response: { 200: s.pushResult, ...errorResponses },
      },
    },
    async (request) => {
      const p = principalOf(request);
      await assertReference(db, p, 'subscription', request.params.id, 'params.id');
      await assertReferenceList(db, p, 'post', request.body.postIds ?? [], 'body.postIds');
      return pushToSubscription(ctx.database, request.params.id, {
        scope: postsScope(p),
        ...(request.body.postIds ? { postIds: request.body.postIds } : {}),
      });
    },
  );

  app.get(
    '/v1/portal-subscriptions/:id/deliveries',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Delivery log: status, attempts, last error, timestamps (newest first)',
        params: idParams,
        querystring: s.deliveryListQuery,
        response: { 200: s.deliveryLog, ...errorResponses },
      },
    },
    async (request) => {
      await subscription(request.params.id, principalOf(request));
      const { status, limit, cursor } = request.query;
      const log = await listDeliveries(db, request.params.id, {
        limit,
        ...(status ? { status } : {}),
        ...(cursor ? { before: Number(cursor) } : {}),
      });
      return {
        counts: await deliveryCounts(db, request.params.id),
        nextCursor: log.nextCursor,
        items: log.items.map(({ seq: _seq, ...d }) => ({
          ...d,
          nextAttemptAt: isoTimestamp(d.nextAttemptAt),
          deliveredAt: isoTimestamp(d.deliveredAt),
          createdAt: isoTimestamp(d.createdAt),
        })),
      };
    },
  );

  app.post(
    '/v1/portal-subscriptions/:id/replay',
    {
      config: { roles: officials },
      schema: {
        tags,
        security,
        summary: 'Replay one or every failed/dead delivery (same key and body)',
        params: idParams,
        body: s.replayBody,
        response: { 202: z.object({ replayed: z.number().int() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      await assertReference(db, principalOf(request), 'subscription', request.params.id, 'params.id');
      const replayed = await replay(db, request.params.id, request.body.deliveryId);
      return reply.status(202).send({ replayed });
    },
  );

  app.get(
    '/v1/portal-subscriptions/:id/feed',
    {
      config: { roles: withPortal },
      schema: {
        tags,
        security,
        summary: 'Pull feed: the pushed events, oldest first (cursor + ETag)',
        params: idParams,
        querystring: s.feedQuery,
        response: { 200: s.feedPage, 304: z.null().describe('not modified'), ...errorResponses },
      },
    },
    async (request, reply) => {
      await subscription(request.params.id, principalOf(request));
      const page = await readFeed(db, request.params.id, request.query);
      reply.header('etag', page.etag).header('cache-control', 'private, no-cache');
      if (request.headers['if-none-match'] === page.etag) return reply.status(304).send(null);
      return { items: page.items, nextCursor: page.nextCursor };
    },
  );
};
