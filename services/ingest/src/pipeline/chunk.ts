import type { Database, DbOrTx } from '@qihang/shared/db/client';
import { auditLog } from '@qihang/shared/db/schema/index';
import type { ListKind, Role } from '@qihang/shared/domain/index';
import { type Embedder, matchByEmbedding } from '@qihang/shared/normalize/occupations';
import { addCounts, keepRejected, MAX_WARNINGS, type RejectedInput } from '../persist/batches';
import { lockList } from '../persist/lock';
import { persistPeople, personContentHash } from '../persist/people';
import { persistPosts, postContentHash } from '../persist/posts';
import type { ChunkCounts, Conflict, Item } from '../persist/types';
import { overlongCellErrors } from '../sources/cell-limit';
import type { RowWarning, SourceRow } from '../types';
import { type PersonRecord, type Validated, validatePerson } from '../validation/people';
import { type PostRecord, validatePost } from '../validation/posts';
import { applyScope, type UploadScope } from '../validation/scope';
import type { Reference } from './reference';
import { maskedRaw, rowHash } from './rows';

export interface BatchState {
  database: Database;
  batch: { id: string; kind: ListKind; source: string; scope?: UploadScope };
  ref: Reference;
  idHashKey: string;
  year: number;
  embedder?: Embedder;
  /** Natural key → first row number in this batch: a second row with the same key is a duplicate. */
  seen: Map<string, number>;
  employerCache: Map<string, string>;
  /** A post row's values → its row number: the same post listed twice is one post (see prepareChunk). */
  postRows: Map<string, number>;
  /** Derived post id → how many rows of this batch had it so far. */
  derivedCounts: Map<string, number>;
  warnings: RowWarning[];
  /** Rows written at which the batch next refreshes the planner's statistics (see run.ts). */
  analyzeAt: number;
  totals: ChunkCounts & { rejected: number; flagged: number };
}

/** The column a conflict names when the row has no header for its field (a row resubmitted through the API). */
const conflictLabel: Record<string, string> = {
  idNumber: '身份证号',
  externalId: '人员编号',
  employerName: '用人单位',
};

const occupationVectors = new WeakMap<Reference, Promise<{ code: string; vector: Float32Array }[]>>();

function vectorsFor(ref: Reference, embedder: Embedder) {
  let v = occupationVectors.get(ref);
  if (!v) {
    v = embedder
      .embed(ref.occupationTexts.map((o) => o.text))
      .then((vs) => vs.map((vector, i) => ({ code: ref.occupationTexts[i]!.code, vector })));
    occupationVectors.set(ref, v);
  }
  return v;
}

/** Validates, normalizes and writes one chunk of rows in one transaction, with its outbox entries. */
export async function processChunk(state: BatchState, rows: SourceRow[]): Promise<void> {
  await writeChunk(state, await prepareChunk(state, rows));
}

/** A chunk validated and normalized, ready to be written. */
export interface PreparedChunk {
  rows: SourceRow[];
  items: Item<PersonRecord | PostRecord>[];
  rejected: RejectedInput[];
  warned: Map<number, RowWarning[]>;
}

/**
 * Validates and normalizes one chunk. Validation runs synchronously before the first await, so chunks
 * prepared one after another validate in order (the batch's duplicate keys depend on it); it touches no
 * database, so it may run while the previous chunk is being written.
 */
export async function prepareChunk(state: BatchState, rows: SourceRow[]): Promise<PreparedChunk> {
  const { batch } = state;
  const rejected: RejectedInput[] = [];
  const reject = (row: SourceRow, errors: RejectedInput['errors'], idNumberHash: string | null) =>
    rejected.push(rejectedInput(batch, row, errors, idNumberHash));
  const items: Item<PersonRecord | PostRecord>[] = [];
  const warned = new Map<number, RowWarning[]>();
  for (const row of rows) {
    const v = validateRow(state, row);
    if (!v.ok) {
      reject(row, v.errors, v.idNumberHash);
      continue;
    }
    if (batch.kind === 'posts') {
      // A row repeated word for word (copied twice into the list) is one post, not two: its headcount is
      // not doubled. Rows that differ in anything (two shifts, two pay levels) stay two posts.
      // Compared by the values read (a 序号 column differs between copies).
      const same = rowHash('posts', '', row.fields);
      const first = state.postRows.get(same);
      if (first !== undefined) {
        const w = { rowNumber: row.rowNumber, field: row.headerOf.title ?? '岗位名称', review: false };
        warned.set(row.rowNumber, [
          { ...w, reason: `与第${first}行完全相同，视为同一岗位，未重复计入招聘人数` },
        ]);
        continue;
      }
      state.postRows.set(same, row.rowNumber);
      distinguishDerived(state, v.record as PostRecord);
    }
    const keys = naturalKeys(batch.kind, v.record);
    const dupKey = keys.find((k) => state.seen.has(k));
    if (dupKey !== undefined) {
      const field = dupKey.startsWith('id:') ? 'idNumber' : 'externalId';
      const label = row.headerOf[field] ?? (field === 'idNumber' ? '身份证号' : '编号');
      reject(row, [{ field: label, reason: `与第${state.seen.get(dupKey)}行重复` }], null);
      continue;
    }
    for (const k of keys) state.seen.set(k, row.rowNumber);
    items.push({ rowNumber: row.rowNumber, record: v.record, raw: row.raw });
    if (v.warnings.length)
      warned.set(
        row.rowNumber,
        v.warnings.map((w) => ({ ...w, rowNumber: row.rowNumber })),
      );
  }
  if (batch.kind === 'posts') await reviewOccupations(state, items as Item<PostRecord>[], warned);
  // Hashed here rather than in the write, which runs one chunk at a time: this overlaps the previous write.
  for (const item of items)
    item.contentHash =
      batch.kind === 'posts'
        ? postContentHash(item.record as PostRecord)
        : personContentHash(item.record as PersonRecord);
  return { rows, items, rejected, warned };
}

/** Writes one prepared chunk in one transaction, with its outbox entries and rejected rows. */
export async function writeChunk(state: BatchState, prepared: PreparedChunk): Promise<void> {
  const { batch } = state;
  const { rows, items, rejected, warned } = prepared;
  const byRow = new Map(rows.map((r) => [r.rowNumber, r]));
  await state.database.db.transaction(async (tx) => {
    await lockList(tx, state.database.kind, batch.kind);
    const result = await writeItems(tx, state, items);
    for (const c of result.conflicts) {
      const row = byRow.get(c.rowNumber)!;
      rejected.push(
        rejectedInput(
          batch,
          row,
          [{ field: row.headerOf[c.field] ?? conflictLabel[c.field] ?? c.field, reason: c.reason }],
          null,
        ),
      );
      warned.delete(c.rowNumber);
    }
    const counts = result.counts;
    await Promise.all([
      keepRejected(tx, batch, rejected),
      addCounts(tx, batch.id, { ...counts, rejected: rejected.length, flagged: flaggedRows(warned) }),
    ]);
    for (const k of Object.keys(counts) as (keyof ChunkCounts)[]) state.totals[k] += counts[k];
  });
  state.totals.rejected += rejected.length;
  state.totals.flagged += flaggedRows(warned);
  for (const ws of warned.values()) {
    // The report keeps the first MAX_WARNINGS; holding more would only cost memory on a 100k-row file.
    if (state.warnings.length < MAX_WARNINGS) state.warnings.push(...ws);
  }
}

function rejectedInput(
  batch: BatchState['batch'],
  row: SourceRow,
  errors: RejectedInput['errors'],
  idNumberHash: string | null,
): RejectedInput {
  const raw = maskedRaw(row);
  return {
    rowNumber: row.rowNumber,
    raw,
    errors,
    rowHash: rowHash(batch.kind, batch.source, raw),
    idNumberHash,
  };
}

export type RowContext = Pick<BatchState, 'batch' | 'ref' | 'idHashKey' | 'year'>;

/** Validates and normalizes one row, then holds it to the uploader's scope. */
export function validateRow(ctx: RowContext, row: SourceRow): Validated<PersonRecord | PostRecord> {
  const overlong = overlongCellErrors(row);
  if (overlong) return { ok: false, errors: overlong, warnings: [], idNumberHash: null };
  const v =
    ctx.batch.kind === 'people'
      ? validatePerson(row, {
          ref: ctx.ref,
          idHashKey: ctx.idHashKey,
          year: ctx.year,
          scopeRegion: ctx.batch.scope?.regionCode,
        })
      : validatePost(row, ctx.ref, ctx.year, ctx.batch.scope?.regionCode ?? null);
  return ctx.batch.scope ? applyScope(ctx.batch.kind, v, row, ctx.batch.scope) : v;
}

/** Writes validated items of either list, with their embed jobs, in the caller's transaction. */
export async function writeItems(
  tx: DbOrTx,
  ctx: Pick<BatchState, 'batch' | 'employerCache'>,
  items: Item<PersonRecord | PostRecord>[],
): Promise<{ counts: ChunkCounts; conflicts: Conflict[] }> {
  const result =
    ctx.batch.kind === 'people'
      ? await persistPeople(tx, ctx.batch.source, items as Item<PersonRecord>[], ctx.batch.scope)
      : {
          ...(await persistPosts(
            tx,
            ctx.batch.source,
            items as Item<PostRecord>[],
            ctx.employerCache,
            ctx.batch.scope,
          )),
          revealed: [],
        };
  const actor = ctx.batch.scope?.actor;
  if (actor && result.revealed.length > 0) {
    // Same action as the API's 409 for an ID number on file: the uploader learned that this person exists.
    await tx.insert(auditLog).values(
      [...new Set(result.revealed)].map((personId) => ({
        actorUserId: actor.userId,
        actorRole: actor.role as Role,
        action: 'id_number_conflict',
        route: 'ingest upload',
        subjectType: 'person',
        subjectId: personId,
        purpose: 'upload',
        requestId: ctx.batch.id,
      })),
    );
  }
  return { counts: result.counts, conflicts: result.conflicts };
}

const flaggedRows = (warned: Map<number, RowWarning[]>): number =>
  [...warned.values()].filter((ws) => ws.some((w) => w.review)).length;

/**
 * A list without post ids may hold the same employer, title and place twice (two shifts, two pay levels):
 * the n-th such row of a file is the n-th post of that kind, so each keeps its identity on re-upload.
 */
function distinguishDerived(state: BatchState, record: PostRecord): void {
  if (!record.externalId.startsWith('derived-')) return;
  const n = (state.derivedCounts.get(record.externalId) ?? 0) + 1;
  state.derivedCounts.set(record.externalId, n);
  if (n > 1) record.externalId = `${record.externalId}-${n}`;
}

function naturalKeys(kind: ListKind, record: PersonRecord | PostRecord): string[] {
  if (kind === 'posts') return [`ext:${record.externalId}`];
  const p = record as PersonRecord;
  return p.idNumberHash ? [`id:${p.idNumberHash}`, `ext:${p.externalId}`] : [`ext:${p.externalId}`];
}

/** Titles the dictionary could not place: try the embedder if there is one, and flag what stays unsure. */
async function reviewOccupations(
  state: BatchState,
  items: Item<PostRecord>[],
  warned: Map<number, RowWarning[]>,
) {
  const unknown = items.filter((i) => i.record.occupation.method === 'none');
  if (state.embedder && unknown.length > 0) {
    const vectors = await vectorsFor(state.ref, state.embedder);
    const matches = await matchByEmbedding(
      state.embedder,
      vectors,
      unknown.map((i) => i.record.title),
    );
    unknown.forEach((item, i) => {
      if (matches[i]) item.record.occupation = matches[i];
    });
  }
  for (const item of items) {
    const o = item.record.occupation;
    if (!o.needsReview) continue;
    const list = warned.get(item.rowNumber) ?? [];
    list.push({
      rowNumber: item.rowNumber,
      review: true,
      field: '岗位名称',
      reason: o.code
        ? `岗位名称“${item.record.title}”的职业分类（${o.code}）置信度较低（${o.confidence.toFixed(2)}），需人工复核`
        : `岗位名称“${item.record.title}”无法确定职业分类，需人工复核`,
    });
    warned.set(item.rowNumber, list);
  }
}
