import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import {
  employers,
  facilities,
  people,
  personConsents,
  portalSubscriptions,
  portals,
  posts,
} from '@qihang/shared/db/schema/index';
import type { Role } from '@qihang/shared/domain/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { migratedTestDatabase } from '@qihang/shared/testing/databases';
import type { FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, type AppDeps, buildApp } from '../src/app';
import { usersRepo } from '../src/auth/users';
import type { IngestPort, MatcherPort } from '../src/ports';

/**
 * A small, hand-made world: 湘西 (433100) sends labour to 济南 (370100); 柳城县 (450222) is another bureau's.
 * One key per role, plus a second bureau, so scopes can be tried against each other.
 */
export const codes = {
  xiangxi: '433100',
  luxi: '433122',
  jishou: '433101',
  liucheng: '450222',
  jinan: '370100',
  lixia: '370102',
  shandong: '370000',
  welder: '6-18-02-04',
  forklift: '6-30-05-01',
  electrician: '6-31-01-03',
} as const;

export interface World {
  app: App;
  database: Database;
  cleanup(): Promise<void>;
  keys: Record<Role | 'liuchengBureau', string>;
  users: Record<Role | 'liuchengBureau', string>;
  ids: {
    xiangxiCentre: string;
    liuchengStation: string;
    fairEmployer: string;
    plainEmployer: string;
    portal: string;
    /** 湘西, in the centre, compulsory rehab, consented. */
    xiangxiRehab: string;
    /** 湘西, rural poor, consented. */
    xiangxiRural: string;
    /** 柳城, community rehab. */
    liuchengPerson: string;
    jinanWeldingPost: string;
    jinanPlainPost: string;
  };
  inject: (role: Role | 'liuchengBureau' | null, opts: InjectOptions) => Promise<LightMyRequestResponse>;
}

export async function buildWorld(
  opts: {
    matcher?: MatcherPort;
    ingest?: IngestPort | ((database: Database) => IngestPort);
    kind?: 'pglite' | 'postgres';
    /** fastify's own options (server timeouts) for a world that listens on a port. */
    server?: FastifyServerOptions;
    /** More of the app's dependencies (cache times, the change feed), given the world's database. */
    deps?: (database: Database) => Partial<AppDeps>;
  } = {},
): Promise<World> {
  const { database, cleanup } = await migratedTestDatabase(opts.kind ?? 'pglite');
  const { db } = database;
  await loadReferenceData(db, { occupationsFile: undefined });

  const [centre] = await db
    .insert(facilities)
    .values({ name: '湖南省湘西强制隔离戒毒所', kind: 'compulsory_rehab_centre', regionCode: codes.jishou })
    .returning();
  const [station] = await db
    .insert(facilities)
    .values({ name: '柳城县社区戒毒社区康复工作站', kind: 'community_rehab', regionCode: codes.liucheng })
    .returning();
  const [fairEmployer] = await db
    .insert(employers)
    .values({ name: '济南爱心建工有限公司', regionCode: codes.lixia, fairChance: true })
    .returning();
  const [plainEmployer] = await db
    .insert(employers)
    .values({ name: '济南普通制造有限公司', regionCode: codes.lixia, fairChance: false })
    .returning();
  const [portal] = await db.insert(portals).values({ name: '湘就业', regionCode: codes.xiangxi }).returning();
  await db.insert(portalSubscriptions).values({
    portalId: portal!.id,
    regionCodes: [codes.jinan],
    occupationCodes: [codes.welder],
    signingSecretEnc: 'test',
  });

  const person = (
    p: Partial<typeof people.$inferInsert> & { externalId: string; originRegionCode: string },
  ) => ({
    source: 'test',
    skills: [],
    certificates: [],
    ...p,
  });
  const [rehab, rural, liucheng] = await db
    .insert(people)
    .values([
      person({
        externalId: 'X-1',
        name: '张三',
        phone: '13800000001',
        idNumberHash: 'hash-x1',
        statusCategory: 'compulsory_rehab',
        facilityId: centre!.id,
        originRegionCode: codes.luxi,
        birthYear: 1988,
        skills: ['电焊'],
        certificates: ['焊工证'],
        workHistory: '在戒毒所车间学习电焊',
        desiredOccupations: [codes.welder],
        acceptableRegionCodes: [codes.jinan],
        willingToTrain: true,
      }),
      person({
        externalId: 'X-2',
        name: '李四',
        statusCategory: 'rural_poor',
        originRegionCode: codes.jishou,
        desiredOccupations: [codes.forklift],
        acceptableRegionCodes: [codes.shandong],
      }),
      person({
        externalId: 'L-1',
        name: '王五',
        statusCategory: 'community_rehab',
        facilityId: station!.id,
        originRegionCode: codes.liucheng,
        desiredOccupations: [codes.welder],
        willingToRelocate: true,
      }),
    ])
    .returning();
  await db.insert(personConsents).values([
    { personId: rehab!.id, purpose: 'employer_matching', granted: true },
    { personId: rural!.id, purpose: 'employer_matching', granted: true },
  ]);
  const post = (p: Partial<typeof posts.$inferInsert> & { employerId: string; title: string }) => ({
    headcount: 5,
    regionCode: codes.lixia,
    contentHash: `h-${p.title}`,
    ...p,
  });
  const [weld, plain] = await db
    .insert(posts)
    .values([
      post({ employerId: fairEmployer!.id, title: '电焊工', occupationCode: codes.welder }),
      post({ employerId: plainEmployer!.id, title: '叉车司机', occupationCode: codes.forklift }),
    ])
    .returning();

  const users = usersRepo(db);
  const scopes: Record<Role | 'liuchengBureau', Parameters<typeof users.create>[0]> = {
    admin: { name: '管理员', role: 'admin' },
    bureau: { name: '湘西州人社局', role: 'bureau', regionCode: codes.xiangxi },
    liuchengBureau: { name: '柳城县人社局', role: 'bureau', regionCode: codes.liucheng },
    facility: { name: '湘西戒毒所', role: 'facility', facilityId: centre!.id },
    organizer: { name: '招聘会组织方', role: 'organizer' },
    employer: { name: '爱心建工HR', role: 'employer', employerId: fairEmployer!.id },
    portal: { name: '湘就业', role: 'portal', portalId: portal!.id },
  };
  const keys = {} as World['keys'];
  const userIds = {} as World['users'];
  for (const [who, user] of Object.entries(scopes) as [
    keyof typeof scopes,
    (typeof scopes)[keyof typeof scopes],
  ][]) {
    const created = await users.create(user);
    userIds[who] = created.id;
    keys[who] = (await users.issueKey(created.id, { expiresInDays: 30 })).key;
  }

  const deps: AppDeps = {
    config: loadConfig({}),
    database,
    rateLimit: false,
    ...(opts.matcher ? { matcher: opts.matcher } : {}),
    ...(opts.ingest
      ? { ingest: typeof opts.ingest === 'function' ? opts.ingest(database) : opts.ingest }
      : {}),
    ...opts.deps?.(database),
  };
  const app = await buildApp(deps, opts.server);
  await app.ready();
  return {
    app,
    database,
    keys,
    users: userIds,
    ids: {
      xiangxiCentre: centre!.id,
      liuchengStation: station!.id,
      fairEmployer: fairEmployer!.id,
      plainEmployer: plainEmployer!.id,
      portal: portal!.id,
      xiangxiRehab: rehab!.id,
      xiangxiRural: rural!.id,
      liuchengPerson: liucheng!.id,
      jinanWeldingPost: weld!.id,
      jinanPlainPost: plain!.id,
    },
    inject: (role, o) =>
      app.inject({ ...o, headers: { ...(o.headers ?? {}), ...(role ? { 'x-api-key': keys[role] } : {}) } }),
    async cleanup() {
      await app.close();
      await cleanup();
    },
  };
}

/** A matcher stand-in that returns what the test tells it to. */
export function fakeMatcher(): MatcherPort & {
  next: { posts: string[]; people: { id: string; extra?: object }[] };
} {
  const next = { posts: [] as string[], people: [] as { id: string; extra?: object }[] };
  return {
    next,
    async postsForPerson(_personId, { limit }) {
      return {
        items: next.posts.slice(0, limit).map((postId, i) => ({
          postId,
          score: 1 - i / 10,
          reasons: [{ factor: 'certificate', ok: true, text: '持焊工证 ✓' }],
        })),
        nextCursor: null,
      };
    },
    async peopleForPost(_postId, { limit }) {
      return {
        items: next.people.slice(0, limit).map((p, i) => ({
          personId: p.id,
          score: 0.9 - i / 10,
          reasons: [
            { factor: 'certificate', ok: true, text: '持焊工证 ✓' },
            { factor: 'fair_chance', ok: true, text: '爱心企业 ✓' },
          ],
          ...p.extra,
        })),
        nextCursor: null,
      };
    },
    async nearMisses() {
      return [{ missing: ['叉车证'], postCount: 12, postIds: [], courseIds: [] }];
    },
  };
}

/** A day `n` days from today in China (a fair is open to its organizer until the day after it is held). */
export const daysFromToday = (n: number) =>
  new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

/**
 * An organizer's fair in 湘西 (433100, or the region given), held in a week and approved by the 湘西 bureau:
 * invitations are open. Returns its id.
 */
export async function approvedFair(
  w: World,
  body: { name?: string; heldOn?: string; regionCode?: string; partnerFacilityIds?: string[] } = {},
): Promise<string> {
  const created = await w.inject('organizer', {
    method: 'POST',
    url: '/v1/fairs',
    payload: {
      name: '就业推介会',
      venue: '礼堂',
      heldOn: daysFromToday(7),
      regionCode: codes.xiangxi,
      ...body,
    },
  });
  if (created.statusCode !== 201) throw new Error(`fair not created: ${created.body}`);
  const id = created.json().id as string;
  const approved = await w.inject('bureau', { method: 'POST', url: `/v1/fairs/${id}/approve`, payload: {} });
  if (approved.statusCode !== 200) throw new Error(`fair not approved: ${approved.body}`);
  return id;
}
