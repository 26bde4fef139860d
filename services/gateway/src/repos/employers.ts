import type { DbOrTx } from '@qihang/shared/db/client';
import { employers, posts, regions } from '@qihang/shared/db/schema/index';
import { ConflictError, NotFoundError } from '@qihang/shared/errors';
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import type { EmployerCreate, EmployerUpdate } from '../schemas/employers';
import { afterCursor, type Cursor, cursorTime, page } from '../util/cursor';
import { isoTimestamp, isUniqueViolation } from '../util/sql';
import { postsRepo } from './posts';

const columns = {
  ...getTableColumns(employers),
  regionName: regions.fullName,
  openPosts: sql<number>`(select count(*)::int from posts p where p.employer_id = ${employers.id} and p.status = 'open')`,
  cursorTime: cursorTime(employers.createdAt),
};

function selectEmployers(tx: DbOrTx, where: SQL | undefined, limit: number) {
  return tx
    .select(columns)
    .from(employers)
    .leftJoin(regions, eq(regions.code, employers.regionCode))
    .where(where)
    .orderBy(desc(employers.createdAt), desc(employers.id))
    .limit(limit);
}

function toApi(r: Awaited<ReturnType<typeof selectEmployers>>[number]) {
  const { cursorTime: _c, ...rest } = r;
  return {
    ...rest,
    openPosts: Number(r.openPosts),
    fairChanceLabel: r.fairChance ? '爱心企业' : '普通企业',
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
  };
}

const duplicateCredit = (err: unknown) => {
  throw isUniqueViolation(err) ? new ConflictError('an employer with this credit code exists') : err;
};

export function employersRepo(db: DbOrTx) {
  const repo = {
    async get(id: string, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await selectEmployers(tx, and(eq(employers.id, id), scope), 1);
      if (!row) throw new NotFoundError('employer');
      return toApi(row);
    },

    async list(
      scope: SQL | undefined,
      q: { region?: string; fairChance?: 'true' | 'false' },
      cursor: Cursor | null,
      limit: number,
    ) {
      const where = and(
        scope,
        q.region ? regionWithin(employers.regionCode, q.region) : undefined,
        q.fairChance ? eq(employers.fairChance, q.fairChance === 'true') : undefined,
        cursor ? afterCursor(employers.createdAt, employers.id, cursor) : undefined,
      );
      const { items, nextCursor } = page(await selectEmployers(db, where, limit + 1), limit);
      return { items: items.map(toApi), nextCursor };
    },

    async create(input: EmployerCreate, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(employers)
        .values(input)
        .returning({ id: employers.id })
        .catch(duplicateCredit);
      return row!.id;
    },

    async update(id: string, patch: EmployerUpdate, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await tx
        .update(employers)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(employers.id, id), scope))
        .returning({ id: employers.id })
        .catch(duplicateCredit);
      if (!row) throw new NotFoundError('employer');
    },

    /**
     * An employer has no status of its own: closing it closes every open post (each gets a new version, so
     * portals are told), and returns how many were closed.
     */
    async close(id: string, scope: SQL | undefined, tx: DbOrTx) {
      await repo.get(id, scope, tx);
      const open = await tx
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.employerId, id), eq(posts.status, 'open')));
      const postRepo = postsRepo(tx);
      for (const p of open) await postRepo.update(p.id, { status: 'closed' }, undefined, tx);
      return open.length;
    },
  };
  return repo;
}
