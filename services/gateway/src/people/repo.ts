import { randomUUID } from 'node:crypto';
import { queueEmbeddings } from '@qihang/matcher';
import type { DbOrTx } from '@qihang/shared/db/client';
import { people, regions } from '@qihang/shared/db/schema/index';
import {
  endOfChinaDay,
  personStatusLabels,
  startOfChinaDay,
  statusCategoryLabels,
} from '@qihang/shared/domain/index';
import { ConflictError, NotFoundError } from '@qihang/shared/errors';
import { idNumberHash } from '@qihang/shared/privacy/id-number';
import { and, desc, eq, gte, lt, ne, type SQL, sql } from 'drizzle-orm';
import { regionWithin } from '../auth/scope';
import { afterCursor, type Cursor, cursorTime, page } from '../util/cursor';
import { isoTimestamp, isUniqueViolation } from '../util/sql';
import type { PersonCreate, PersonListQuery, PersonUpdate } from './schemas';

/** The person's latest consent for a purpose (a withdrawal recorded at the same instant wins). */
/**
 * Registering an ID number already on file. The 409 tells the caller the number is known, so the attempt
 * is audited against the person it names (see the people route): probing numbers leaves a trace.
 */
export class IdNumberTakenError extends ConflictError {
  constructor(readonly personId: string) {
    super('a person with this ID number is already registered');
  }
}

export const latestConsent = (purpose: string) =>
  sql<boolean>`coalesce((select c.granted from person_consents c where c.person_id = ${people.id}
    and c.purpose = ${purpose} order by c.recorded_at desc, c.granted asc limit 1), false)`;

/** Every column officials may see; the ID-number hash is never selected. */
const columns = {
  id: people.id,
  source: people.source,
  externalId: people.externalId,
  name: people.name,
  phone: people.phone,
  gender: people.gender,
  birthYear: people.birthYear,
  education: people.education,
  statusCategory: people.statusCategory,
  originRegionCode: people.originRegionCode,
  originRegionName: regions.fullName,
  currentRegionCode: people.currentRegionCode,
  facilityId: people.facilityId,
  skills: people.skills,
  certificates: people.certificates,
  workHistory: people.workHistory,
  desiredOccupations: people.desiredOccupations,
  acceptableRegionCodes: people.acceptableRegionCodes,
  willingToRelocate: people.willingToRelocate,
  willingToTrain: people.willingToTrain,
  mustStayLocalReason: people.mustStayLocalReason,
  expectedPayMin: people.expectedPayMin,
  availableFrom: people.availableFrom,
  status: people.status,
  erasedAt: people.erasedAt,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
  cursorTime: cursorTime(people.createdAt),
  employerMatching: latestConsent('employer_matching'),
  portalPush: latestConsent('portal_push'),
};

export function selectPeople(tx: DbOrTx, where: SQL | undefined, limit: number) {
  return tx
    .select(columns)
    .from(people)
    .leftJoin(regions, eq(regions.code, people.originRegionCode))
    .where(where)
    .orderBy(desc(people.createdAt), desc(people.id))
    .limit(limit);
}

export function toApi(r: Awaited<ReturnType<typeof selectPeople>>[number]) {
  const { employerMatching, portalPush, cursorTime: _c, ...rest } = r;
  return {
    ...rest,
    statusCategoryLabel: r.statusCategory ? statusCategoryLabels[r.statusCategory] : null,
    statusLabel: personStatusLabels[r.status],
    consents: { employer_matching: !!employerMatching, portal_push: !!portalPush },
    erasedAt: isoTimestamp(r.erasedAt),
    createdAt: isoTimestamp(r.createdAt),
    updatedAt: isoTimestamp(r.updatedAt),
  };
}
export type PersonView = ReturnType<typeof toApi>;

export function peopleRepo(db: DbOrTx, opts: { idHashKey: string }) {
  const repo = {
    async get(id: string, scope: SQL | undefined, tx: DbOrTx = db): Promise<PersonView> {
      const [row] = await selectPeople(tx, and(eq(people.id, id), scope), 1);
      if (!row) throw new NotFoundError('person');
      return toApi(row);
    },

    /** Only checks the person exists within the scope (for routes that return something else about them). */
    async assertVisible(id: string, scope: SQL | undefined, tx: DbOrTx = db): Promise<void> {
      const [row] = await tx
        .select({ id: people.id })
        .from(people)
        .where(and(eq(people.id, id), scope));
      if (!row) throw new NotFoundError('person');
    },

    async list(scope: SQL | undefined, q: PersonListQuery, cursor: Cursor | null, limit: number) {
      const where = and(
        scope,
        q.region
          ? sql`(${regionWithin(people.originRegionCode, q.region)} or ${regionWithin(people.currentRegionCode, q.region)})`
          : undefined,
        q.occupation
          ? sql`exists (select 1 from unnest(${people.desiredOccupations}) as o(code) where o.code like ${`${q.occupation}%`})`
          : undefined,
        q.status ? eq(people.status, q.status) : ne(people.status, 'erased'),
        q.facilityId ? eq(people.facilityId, q.facilityId) : undefined,
        q.willingToTrain ? eq(people.willingToTrain, q.willingToTrain === 'true') : undefined,
        q.registeredFrom ? gte(people.createdAt, startOfChinaDay(q.registeredFrom)) : undefined,
        q.registeredTo ? lt(people.createdAt, endOfChinaDay(q.registeredTo)) : undefined,
        cursor ? afterCursor(people.createdAt, people.id, cursor) : undefined,
      );
      const rows = await selectPeople(db, where, limit + 1);
      const { items, nextCursor } = page(rows, limit);
      return { items: items.map(toApi), nextCursor };
    },

    async create(input: PersonCreate, tx: DbOrTx): Promise<string> {
      const { idNumber, externalId, ...fields } = input;
      const hash = idNumber ? idNumberHash(opts.idHashKey, idNumber) : null;
      if (hash) {
        const [dup] = await tx.select({ id: people.id }).from(people).where(eq(people.idNumberHash, hash));
        if (dup) throw new IdNumberTakenError(dup.id);
      }
      const [row] = await tx
        .insert(people)
        .values({ ...fields, source: 'api', externalId: externalId ?? randomUUID(), idNumberHash: hash })
        .onConflictDoNothing()
        .returning({ id: people.id });
      if (!row) throw new ConflictError('a person with this external id is already registered');
      await queueEmbeddings(tx, 'person', [row.id]);
      return row.id;
    },

    async update(id: string, patch: PersonUpdate, scope: SQL | undefined, tx: DbOrTx): Promise<void> {
      const { idNumber, ...fields } = patch;
      const set: Partial<typeof people.$inferInsert> = { ...fields, updatedAt: new Date() };
      if (idNumber !== undefined) set.idNumberHash = idNumber ? idNumberHash(opts.idHashKey, idNumber) : null;
      if (set.idNumberHash) {
        const [dup] = await tx
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.idNumberHash, set.idNumberHash), ne(people.id, id)));
        if (dup) throw new IdNumberTakenError(dup.id);
      }
      const [row] = await tx
        .update(people)
        .set(set)
        .where(and(eq(people.id, id), ne(people.status, 'erased'), scope))
        .returning({ id: people.id })
        .catch((err: unknown) => {
          throw isUniqueViolation(err)
            ? new ConflictError('a person with this ID number is already registered')
            : err;
        });
      if (!row) throw new NotFoundError('person');
      await queueEmbeddings(tx, 'person', [id]);
    },

    async setStatus(id: string, status: 'placed' | 'inactive', scope: SQL | undefined, tx: DbOrTx) {
      const [row] = await tx
        .update(people)
        .set({ status, updatedAt: new Date() })
        .where(and(eq(people.id, id), ne(people.status, 'erased'), scope))
        .returning({ id: people.id });
      if (!row) throw new NotFoundError('person');
    },
  };
  return repo;
}
