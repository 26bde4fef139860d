import { queueEmbeddings } from '@qihang/matcher';
import type { DbOrTx } from '@qihang/shared/db/client';
import { employers, occupations, posts, regions } from '@qihang/shared/db/schema/index';
import {
  endOfChinaDay,
  postStatusLabels,
  postTypeLabels,
  startOfChinaDay,
  todayInChina,
} from '@qihang/shared/domain/index';
import { type PostContent, postContent, postContentHash } from '@qihang/shared/domain/post-content';
import { type ErrorDetail, NotFoundError, ValidationError } from '@qihang/shared/errors';
import { and, desc, eq, getTableColumns, gte, lt, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import { afterCursor, type Cursor, cursorTime, page } from '../util/cursor';
import { isoTimestamp } from '../util/sql';
import type { PostCreate, PostListQuery } from './schemas';

/** Rules across fields, checked on the post as it will be stored (so a partial update is checked whole). */
function checkConsistency(p: PostContent) {
  const details: ErrorDetail[] = [];
  const pair = (lo: number | string | null, hi: number | string | null, path: string, message: string) => {
    if (lo !== null && hi !== null && lo > hi) details.push({ path, message });
  };
  pair(p.payMin, p.payMax, 'body.payMax', '最高工资不能低于最低工资');
  pair(p.ageMin, p.ageMax, 'body.ageMax', '年龄上限不能低于年龄下限');
  pair(p.validFrom, p.validTo, 'body.validTo', '截止日期不能早于开始日期');
  if (p.filledCount > p.headcount)
    details.push({ path: 'body.filledCount', message: '已招人数不能超过招聘人数' });
  if (details.length > 0) throw new ValidationError('the post is inconsistent', details);
}

const { id: _id, ...postColumns } = getTableColumns(posts);
const columns = {
  id: posts.id,
  ...postColumns,
  employerName: employers.name,
  occupationName: occupations.name,
  regionName: regions.fullName,
  cursorTime: cursorTime(posts.createdAt),
};

function selectPosts(tx: DbOrTx, where: SQL | undefined, limit: number) {
  return tx
    .select(columns)
    .from(posts)
    .leftJoin(employers, eq(employers.id, posts.employerId))
    .leftJoin(occupations, eq(occupations.code, posts.occupationCode))
    .leftJoin(regions, eq(regions.code, posts.regionCode))
    .where(where)
    .orderBy(desc(posts.createdAt), desc(posts.id))
    .limit(limit);
}

const expiredOn = (validTo: string | null) => validTo !== null && validTo < todayInChina();

function toApi(r: Awaited<ReturnType<typeof selectPosts>>[number]) {
  const { cursorTime: _c, ...rest } = r;
  const expired = expiredOn(r.validTo);
  return {
    ...rest,
    // A post left open past its end date is no longer recommended: officials see that, not 招聘中.
    statusLabel: r.status === 'open' && expired ? '已过有效期' : postStatusLabels[r.status],
    expired,
    postTypeLabel: postTypeLabels[r.postType],
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
  };
}
export type PostView = ReturnType<typeof toApi>;

export function postsRepo(db: DbOrTx) {
  const repo = {
    async get(id: string, scope: SQL | undefined, tx: DbOrTx = db): Promise<PostView> {
      const [row] = await selectPosts(tx, and(eq(posts.id, id), scope), 1);
      if (!row) throw new NotFoundError('post');
      return toApi(row);
    },

    async getMany(ids: readonly string[], tx: DbOrTx = db): Promise<Map<string, PostView>> {
      if (ids.length === 0) return new Map();
      const rows = await selectPosts(tx, sql`${posts.id} in ${[...ids]}`, ids.length);
      return new Map(rows.map((r) => [r.id, toApi(r)]));
    },

    async list(scope: SQL | undefined, q: PostListQuery, cursor: Cursor | null, limit: number) {
      const where = and(
        scope,
        q.region ? regionWithin(posts.regionCode, q.region) : undefined,
        q.occupation ? sql`${posts.occupationCode} like ${`${q.occupation}%`}` : undefined,
        q.status ? eq(posts.status, q.status) : undefined,
        q.employerId ? eq(posts.employerId, q.employerId) : undefined,
        q.validOn
          ? sql`(${posts.validFrom} is null or ${posts.validFrom} <= ${q.validOn}) and (${posts.validTo} is null or ${posts.validTo} >= ${q.validOn})`
          : undefined,
        q.postedFrom ? gte(posts.createdAt, startOfChinaDay(q.postedFrom)) : undefined,
        q.postedTo ? lt(posts.createdAt, endOfChinaDay(q.postedTo)) : undefined,
        cursor ? afterCursor(posts.createdAt, posts.id, cursor) : undefined,
      );
      const { items, nextCursor } = page(await selectPosts(db, where, limit + 1), limit);
      return { items: items.map(toApi), nextCursor };
    },

    async create(input: PostCreate, tx: DbOrTx): Promise<string> {
      const values: PostContent = {
        employerId: input.employerId,
        occupationCode: input.occupationCode ?? null,
        title: input.title,
        description: input.description ?? '',
        requiredSkills: input.requiredSkills ?? [],
        requiredCertificates: input.requiredCertificates ?? [],
        ageMin: input.ageMin ?? null,
        ageMax: input.ageMax ?? null,
        ageMaxMale: input.ageMaxMale ?? null,
        ageMaxFemale: input.ageMaxFemale ?? null,
        minEducation: input.minEducation ?? null,
        headcount: input.headcount,
        filledCount: 0,
        payMin: input.payMin ?? null,
        payMax: input.payMax ?? null,
        payText: input.payText ?? null,
        accommodation: input.accommodation ?? false,
        meals: input.meals ?? false,
        regionCode: input.regionCode,
        postType: input.postType ?? 'regular',
        status: 'open',
        validFrom: input.validFrom ?? null,
        validTo: input.validTo ?? null,
      };
      checkConsistency(values);
      const [row] = await tx
        .insert(posts)
        .values({ ...values, contentHash: postContentHash(values), version: 1 })
        .returning({ id: posts.id });
      await queueEmbeddings(tx, 'post', [row!.id]);
      return row!.id;
    },

    /** Applies a change; bumps `version` and refreshes `contentHash` only when the content changed. */
    async update(id: string, patch: Partial<PostContent>, scope: SQL | undefined, tx: DbOrTx): Promise<void> {
      const [current] = await tx
        .select()
        .from(posts)
        .where(and(eq(posts.id, id), scope))
        .for('update');
      if (!current) throw new NotFoundError('post');
      const next: PostContent = { ...postContent(current), ...patch };
      checkConsistency(next);
      const hash = postContentHash(next);
      if (hash === current.contentHash) return;
      await tx
        .update(posts)
        .set({ ...next, contentHash: hash, version: current.version + 1, updatedAt: new Date() })
        .where(eq(posts.id, id));
      await queueEmbeddings(tx, 'post', [id]);
    },
  };
  return repo;
}
