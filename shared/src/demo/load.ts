import { performance } from 'node:perf_hooks';
import { and, type Column, eq, getTableColumns, inArray, or, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import {
  employers,
  facilities,
  people,
  personConsents,
  personSources,
  postSources,
  posts,
  trainingCourses,
} from '../db/schema';
import { chunk } from '../util/chunk';
import { createDemo, type DemoOptions } from './generate';

export interface LoadDemoOptions extends DemoOptions {
  /** The configured ID_HASH_KEY, so demo people dedupe against imported ones. */
  idHashKey: string;
  /** People or posts generated (and inserted) at a time. */
  batchSize?: number;
}

/** Rows in the demo data set (facilities and courses are shared by all seeds and inserted once). */
export interface DemoSummary {
  seed: number | string;
  referenceDate: string;
  facilities: number;
  employers: number;
  posts: number;
  postSources: number;
  people: number;
  personSources: number;
  consents: number;
  trainingCourses: number;
  /** Time spent generating rows and inserting them, measured separately. */
  generateMs: number;
  insertMs: number;
}

export class DemoAlreadyLoadedError extends Error {
  constructor(seed: number | string) {
    super(
      `demo data for seed ${seed} is already in this database (source 'demo'); use another seed or a fresh database`,
    );
    this.name = 'DemoAlreadyLoadedError';
  }
}

/** Rows a statement: the whole batch travels as one JSON parameter, far under the 65,535-parameter limit. */
const ROWS_PER_STATEMENT = 2000;

/**
 * Multi-row insert of `rows` through `jsonb_populate_recordset`: one parameter per statement, typed by the
 * table's own row type. Building a 2,000-row, 50,000-parameter insert with the query builder costs about
 * 150 µs a row in JavaScript alone; this costs about 20.
 */
async function insertAll<T extends PgTable>(
  db: DbOrTx,
  table: T,
  rows: T['$inferInsert'][],
  ignoreConflicts = false,
) {
  const first = rows[0];
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(columns).filter((key) => key in first);
  const names = keys.map((key) => columns[key]?.name ?? key);
  const list = sql.raw(names.map((name) => `"${name}"`).join(', '));
  const onConflict = ignoreConflicts ? sql` on conflict do nothing` : sql``;
  for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
    const records = part.map((row) => {
      const record: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i++)
        record[names[i] as string] = (row as Record<string, unknown>)[keys[i] as string] ?? null;
      return record;
    });
    await db.execute(
      sql`insert into ${table} (${list}) select ${list} from jsonb_populate_recordset(null::${table}, ${JSON.stringify(records)}::jsonb)${onConflict}`,
    );
  }
}

async function assertNotLoaded(db: DbOrTx, seed: number | string): Promise<void> {
  const probe = await db
    .select({ id: people.id })
    .from(people)
    .where(
      and(
        eq(people.source, 'demo'),
        or(eq(people.externalId, `demo-${seed}-person-0`), eq(people.externalId, `demo-${seed}-person-1`)),
      ),
    )
    .limit(1);
  const postProbe = await db
    .select({ id: postSources.id })
    .from(postSources)
    .where(and(eq(postSources.source, 'demo'), eq(postSources.externalId, `demo-${seed}-post-0`)))
    .limit(1);
  if (probe.length > 0 || postProbe.length > 0) throw new DemoAlreadyLoadedError(seed);
}

/** Pulls batches from a generator and inserts them, timing the two apart. */
async function drain<T>(
  batches: Iterator<T>,
  clock: { generateMs: number; insertMs: number },
  insert: (batch: T) => Promise<void>,
): Promise<void> {
  for (;;) {
    const generating = performance.now();
    const next = batches.next();
    clock.generateMs += performance.now() - generating;
    if (next.done) return;
    const inserting = performance.now();
    await insert(next.value);
    clock.insertMs += performance.now() - inserting;
  }
}

/**
 * Generates the demo data for a seed and bulk-inserts it, batch by batch, with multi-row inserts. Regions,
 * occupations and the vocabulary must already be loaded (`loadReferenceData`). Run it in a transaction: a
 * failure then leaves nothing behind.
 */
export async function loadDemoData(db: DbOrTx, options: LoadDemoOptions): Promise<DemoSummary> {
  const batchSize = options.batchSize ?? 2000;
  let generateMs = 0;
  let insertMs = 0;
  const generated = performance.now();
  const demo = createDemo(options);
  generateMs += performance.now() - generated;

  const inserting = performance.now();
  await assertNotLoaded(db, demo.seed);
  await insertAll(db, facilities, demo.facilities, true);
  // A facility of the same name may already exist with another id: people point at the stored one.
  const stored = await db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(
      inArray(
        facilities.name,
        demo.facilities.map((f) => f.name),
      ),
    );
  const storedIdByName = new Map(stored.map((f) => [f.name, f.id]));
  const facilityIds = new Map(demo.facilities.map((f) => [f.id, storedIdByName.get(f.name) ?? f.id]));
  await insertAll(db, trainingCourses, demo.trainingCourses, true);
  await insertAll(db, employers, demo.employers);
  insertMs += performance.now() - inserting;

  const clock = { generateMs, insertMs };
  const summary = { posts: 0, postSources: 0, people: 0, personSources: 0, consents: 0 };
  await drain(demo.postBatches(batchSize), clock, async (batch) => {
    await insertAll(
      db,
      posts,
      batch.map((p) => p.row),
    );
    await insertAll(
      db,
      postSources,
      batch.map((p) => p.source),
    );
    summary.posts += batch.length;
    summary.postSources += batch.length;
  });
  await drain(demo.peopleBatches(batchSize), clock, async (batch) => {
    const rows = batch.map((p) => ({
      ...p.row,
      facilityId: p.row.facilityId ? (facilityIds.get(p.row.facilityId) ?? p.row.facilityId) : null,
    }));
    const consents = batch.flatMap((p) => p.consents);
    await insertAll(db, people, rows);
    await insertAll(
      db,
      personSources,
      batch.map((p) => p.source),
    );
    await insertAll(db, personConsents, consents);
    summary.people += rows.length;
    summary.personSources += rows.length;
    summary.consents += consents.length;
  });
  return {
    seed: demo.seed,
    referenceDate: demo.referenceDate,
    facilities: demo.facilities.length,
    employers: demo.employers.length,
    trainingCourses: demo.trainingCourses.length,
    ...summary,
    generateMs: Math.round(clock.generateMs),
    insertMs: Math.round(clock.insertMs),
  };
}
