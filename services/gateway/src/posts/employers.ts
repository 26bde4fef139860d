import type { DbOrTx } from '@qihang/shared/db/client';
import { employers, posts, regions } from '@qihang/shared/db/schema/index';
import { ConflictError, DomainError, NotFoundError } from '@qihang/shared/errors';
import { and, desc, eq, getTableColumns, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import { afterCursor, type Cursor, cursorTime, page } from '../util/cursor';
import { isoTimestamp, isUniqueViolation } from '../util/sql';
import type { EmployerCreate, EmployerUpdate } from './employer-schemas';
import { postsRepo } from './repo';

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
    closedAt: r.closedAt ? isoTimestamp(r.closedAt) : null,
    statusLabel: r.closedAt ? '已关闭' : '正常',
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
  };
}

/** 409 naming the field that points at a closed employer. */
export class EmployerClosedError extends DomainError {
  constructor(path: string) {
    super(
      409,
      'employer_closed',
      'the employer is closed: it takes no new or reopened posts until reopened',
      [{ path, message: '用人单位已关闭，不能发布或恢复岗位；如需恢复，请就业局先恢复该单位' }],
    );
  }
}

const duplicateCredit = (err: unknown) => {
  throw isUniqueViolation(err) ? new ConflictError('an employer with this credit code exists') : err;
};

/**
 * A list's row without a credit code finds its employer by name (normalized as ingest does: simplified,
 * spaces removed — names are stored so) and region (services/ingest persist/employers.ts). Two employers of
 * the same name in one region, one of them without a credit code, would split their posts between two
 * records and leave such rows to either: refused, naming the one there is. Two with different credit codes
 * are two employers.
 */
async function assertNameFree(
  tx: DbOrTx,
  e: { name: string; regionCode: string; creditCode?: string | null },
  self?: string,
) {
  const [other] = await tx
    .select({ id: employers.id })
    .from(employers)
    .where(
      and(
        eq(employers.name, e.name),
        eq(employers.regionCode, e.regionCode),
        e.creditCode ? isNull(employers.creditCode) : undefined,
        self ? ne(employers.id, self) : undefined,
      ),
    )
    .limit(1);
  if (other) {
    throw new DomainError(
      409,
      'employer_exists',
      `an employer of this name is registered in this region (${other.id}): use it, or give the credit code that tells them apart`,
      [{ path: 'body.name', message: '本地区已有同名用人单位；如为不同单位，请填写统一社会信用代码' }],
    );
  }
}

export function employersRepo(db: DbOrTx) {
  const repo = {
    async get(id: string, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await selectEmployers(tx, and(eq(employers.id, id), scope), 1);
      if (!row) throw new NotFoundError('employer');
      return toApi(row);
    },

    async list(
      scope: SQL | undefined,
      q: { region?: string; fairChance?: 'true' | 'false'; closed?: 'true' | 'false' },
      cursor: Cursor | null,
      limit: number,
    ) {
      const where = and(
        scope,
        q.region ? regionWithin(employers.regionCode, q.region) : undefined,
        q.fairChance ? eq(employers.fairChance, q.fairChance === 'true') : undefined,
        q.closed === 'true'
          ? isNotNull(employers.closedAt)
          : q.closed === 'false'
            ? isNull(employers.closedAt)
            : undefined,
        cursor ? afterCursor(employers.createdAt, employers.id, cursor) : undefined,
      );
      const { items, nextCursor } = page(await selectEmployers(db, where, limit + 1), limit);
      return { items: items.map(toApi), nextCursor };
    },

    async create(input: EmployerCreate, tx: DbOrTx = db) {
      await assertNameFree(tx, input);
      const [row] = await tx
        .insert(employers)
        .values(input)
        .returning({ id: employers.id })
        .catch(duplicateCredit);
      return row!.id;
    },

    async update(id: string, patch: EmployerUpdate, scope: SQL | undefined, tx: DbOrTx = db) {
      if (patch.name !== undefined || patch.regionCode !== undefined || patch.creditCode !== undefined) {
        const [current] = await tx
          .select({
            name: employers.name,
            regionCode: employers.regionCode,
            creditCode: employers.creditCode,
          })
          .from(employers)
          .where(and(eq(employers.id, id), scope));
        if (!current) throw new NotFoundError('employer');
        const next = { ...current, ...patch };
        // Checked only when it changes (an employer that already had a namesake may still be edited).
        if (
          next.name !== current.name ||
          next.regionCode !== current.regionCode ||
          (next.creditCode ?? null) !== current.creditCode
        )
          await assertNameFree(tx, next, id);
      }
      const [row] = await tx
        .update(employers)
        .set({ ...patch, updatedAt: new Date() })
        .where(and(eq(employers.id, id), scope))
        .returning({ id: employers.id })
        .catch(duplicateCredit);
      if (!row) throw new NotFoundError('employer');
    },

    /**
     * Closes an employer: it is marked closed (no new posts, none reopened, until it is reopened) and every
     * open post is closed (each gets a new version, so portals are told). Returns how many were closed;
     * closing a closed employer keeps its first closing time.
     */
    async close(id: string, scope: SQL | undefined, tx: DbOrTx) {
      await repo.get(id, scope, tx);
      await tx
        .update(employers)
        .set({ closedAt: sql`coalesce(${employers.closedAt}, now())`, updatedAt: new Date() })
        .where(eq(employers.id, id));
      const open = await tx
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.employerId, id), eq(posts.status, 'open')));
      const postRepo = postsRepo(tx);
      for (const p of open) await postRepo.update(p.id, { status: 'closed' }, undefined, tx);
      return open.length;
    },

    /** Lets a closed employer recruit again: new posts are accepted; the posts closed with it stay closed. */
    async reopen(id: string, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await tx
        .update(employers)
        .set({ closedAt: null, updatedAt: new Date() })
        .where(and(eq(employers.id, id), scope))
        .returning({ id: employers.id });
      if (!row) throw new NotFoundError('employer');
    },

    /**
     * Refuses a new post for an employer that is closed. The row is read FOR SHARE, in the transaction that
     * creates the post: a concurrent close (which updates the row first) then waits for the post's commit and
     * closes it too, or commits first and the post is refused.
     */
    async assertRecruiting(id: string, path: string, tx: DbOrTx) {
      const [row] = await tx
        .select({ closedAt: employers.closedAt })
        .from(employers)
        .where(eq(employers.id, id))
        .for('share');
      if (row?.closedAt) throw new EmployerClosedError(path);
    },
  };
  return repo;
}
