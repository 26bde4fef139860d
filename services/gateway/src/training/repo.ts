import type { DbOrTx } from '@qihang/shared/db/client';
import { occupations, regions, trainingCourses } from '@qihang/shared/db/schema/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import { afterCursor, type Cursor, cursorTime, page } from '../util/cursor';
import { isoTimestamp } from '../util/sql';

export type CourseInput = Omit<typeof trainingCourses.$inferInsert, 'id' | 'createdAt'>;

const columns = {
  ...getTableColumns(trainingCourses),
  occupationName: occupations.name,
  regionName: regions.fullName,
  cursorTime: cursorTime(trainingCourses.createdAt),
};

function selectCourses(tx: DbOrTx, where: SQL | undefined, limit: number) {
  return tx
    .select(columns)
    .from(trainingCourses)
    .leftJoin(occupations, eq(occupations.code, trainingCourses.occupationCode))
    .leftJoin(regions, eq(regions.code, trainingCourses.regionCode))
    .where(where)
    .orderBy(desc(trainingCourses.createdAt), desc(trainingCourses.id))
    .limit(limit);
}

const toApi = (r: Awaited<ReturnType<typeof selectCourses>>[number]) => {
  const { cursorTime: _c, ...rest } = r;
  return { ...rest, createdAt: isoTimestamp(r.createdAt) };
};

export function trainingRepo(db: DbOrTx) {
  const repo = {
    async get(id: string, tx: DbOrTx = db) {
      const [row] = await selectCourses(tx, eq(trainingCourses.id, id), 1);
      if (!row) throw new NotFoundError('training course');
      return toApi(row);
    },

    async getMany(ids: readonly string[], tx: DbOrTx = db) {
      if (ids.length === 0) return [];
      return (await selectCourses(tx, sql`${trainingCourses.id} in ${[...ids]}`, ids.length)).map(toApi);
    },

    async list(
      q: { region?: string; occupation?: string; certificate?: string },
      cursor: Cursor | null,
      limit: number,
    ) {
      const where = and(
        q.region ? regionWithin(trainingCourses.regionCode, q.region) : undefined,
        q.occupation ? sql`${trainingCourses.occupationCode} like ${`${q.occupation}%`}` : undefined,
        q.certificate ? sql`${q.certificate} = any(${trainingCourses.certificatesTaught})` : undefined,
        cursor ? afterCursor(trainingCourses.createdAt, trainingCourses.id, cursor) : undefined,
      );
      const { items, nextCursor } = page(await selectCourses(db, where, limit + 1), limit);
      return { items: items.map(toApi), nextCursor };
    },

    async create(input: CourseInput, tx: DbOrTx = db) {
      const [row] = await tx.insert(trainingCourses).values(input).returning({ id: trainingCourses.id });
      return row!.id;
    },

    async update(id: string, patch: Partial<CourseInput>, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await tx
        .update(trainingCourses)
        .set(patch)
        .where(and(eq(trainingCourses.id, id), scope))
        .returning({ id: trainingCourses.id });
      if (!row) throw new NotFoundError('training course');
    },

    /** Courses have no status column yet, so closing one removes it (nothing references a course). */
    async remove(id: string, scope: SQL | undefined, tx: DbOrTx = db) {
      const [row] = await tx
        .delete(trainingCourses)
        .where(and(eq(trainingCourses.id, id), scope))
        .returning({ id: trainingCourses.id });
      if (!row) throw new NotFoundError('training course');
    },
  };
  return repo;
}
