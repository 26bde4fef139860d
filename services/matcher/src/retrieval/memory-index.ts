/**
 * The searchable rows of one side (open posts, or active consenting people) held in process memory: the
 * columns the filters read and the vector. A search tests every row with the filter's in-memory form and
 * ranks the ones that pass exactly — a few milliseconds where the database needed tens (the filtered HNSW walk
 * and the exact join cost 12–40 µs a row; see the matcher README, "Speed").
 *
 * Freshness: before every search the index reads what was written since its last look (snapshot-mark.ts),
 * so a search sees every change committed before it started, as a database query would. Rows are loaded in the background on first use; until then, or if loading
 * failed, searches go to the database.
 * Not seen: a DELETE (of a post, a person or an embedding) with no update of the owner row — nothing in
 * Qihang deletes that way (erasure updates the person); such a row stays until the process restarts, and as
 * every candidate is re-checked on freshly loaded rows it is never shown, only takes a place in the pool.
 * Nor are writes made with triggers disabled (`session_replication_role = replica`).
 *
 * Memory: 2 KB of vector and ~0.5 KB of columns per row (100k open posts ≈ 250 MB).
 */
import type { Database } from '@qihang/shared/db/client';
import { nextTurn } from '@qihang/shared/util/turn';
import { type SQL, sql } from 'drizzle-orm';
import { MinHeap } from '../assignment/heap';
import { dateNumber, type Filter, needsFairChance, type PersonRow, type PostRow, rankOf } from './filters';
import { type Mark, markNow, markOf, newerThan } from './snapshot-mark';
import { VectorStore } from './vector-store';

export interface MemoryHit {
  id: string;
  similarity: number;
}

/** What differs between the two sides: where the rows come from and how they are read. */
interface Side<Row> {
  ownerType: 'post' | 'person';
  /** `select … from …` giving `id`, the row's columns and `v` (the vector, pgvector's binary form). */
  rows: (model: string) => SQL;
  /** Rows worth holding; the rest are dropped (a search's filter would refuse them anyway). */
  worthKeeping: SQL;
  /** Ids of owners written since the mark (the owner, its vector, for posts the employer). */
  changed: (newer: (column: SQL) => SQL, model: string) => SQL;
  toRow: (raw: Record<string, unknown>) => Row | null;
  /** The row's location keys, as a filter's keyTest reads them. */
  keysOf: (row: Row) => readonly string[];
}

const list = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);
const listOrNull = (value: unknown): string[] | null => {
  const items = list(value);
  return items.length === 0 ? null : items;
};
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const date = (value: unknown): number | null =>
  value === null || value === undefined ? null : dateNumber(String(value));
const genderOf = (value: unknown) => (value === 'male' ? 'male' : value === 'female' ? 'female' : null);

export const postSide: Side<PostRow> = {
  ownerType: 'post',
  rows: (model) => sql`select p.id, p.status, p.headcount, p.filled_count, p.valid_to::text as valid_to,
      p.region_code, em.fair_chance, p.required_certificates, p.required_skills, p.min_education, p.age_min,
      p.age_max, p.age_max_male, p.age_max_female, vector_send(e.embedding) as v
    from posts p join employers em on em.id = p.employer_id
    left join embeddings e on e.owner_type = 'post' and e.owner_id = p.id::text and e.model = ${model}`,
  worthKeeping: sql`p.status = 'open'`,
  changed: (newer, model) => sql`select id from posts where ${newer(sql`row_xid`)}
    union select p.id from posts p join employers em on em.id = p.employer_id where ${newer(sql`em.row_xid`)}
    union select owner_id::uuid from embeddings
      where owner_type = 'post' and model = ${model} and ${newer(sql`row_xid`)}`,
  toRow: (r) =>
    r.status !== 'open'
      ? null
      : {
          status: 'open',
          headcount: Number(r.headcount),
          filledCount: Number(r.filled_count),
          validTo: date(r.valid_to),
          regionCode: Number(r.region_code),
          fairChance: r.fair_chance === true,
          requiredCertificates: listOrNull(r.required_certificates),
          requiredSkills: listOrNull(r.required_skills),
          minEducation: rankOf(str(r.min_education)),
          ageMin: num(r.age_min),
          ageMax: num(r.age_max),
          ageMaxMale: num(r.age_max_male),
          ageMaxFemale: num(r.age_max_female),
        },
  keysOf: (row) => [String(row.regionCode)],
};

export const personSide: Side<PersonRow> = {
  ownerType: 'person',
  rows: (model) => sql`select p.id, p.status, p.employer_matching_consent, p.reach_codes, p.certificates,
      p.skills, p.status_category, p.education, p.birth_year, p.gender, p.available_from::text as available_from,
      vector_send(e.embedding) as v
    from people p
    left join embeddings e on e.owner_type = 'person' and e.owner_id = p.id::text and e.model = ${model}`,
  worthKeeping: sql`p.status = 'active' and p.employer_matching_consent`,
  changed: (newer, model) => sql`select id from people where ${newer(sql`row_xid`)}
    union select owner_id::uuid from embeddings
      where owner_type = 'person' and model = ${model} and ${newer(sql`row_xid`)}`,
  toRow: (r) =>
    r.status !== 'active' || r.employer_matching_consent !== true
      ? null
      : {
          status: 'active',
          consent: true,
          reachCodes: list(r.reach_codes),
          certificates: list(r.certificates),
          skills: list(r.skills),
          needsFairChance: needsFairChance(str(r.status_category)),
          education: rankOf(str(r.education)),
          birthYear: num(r.birth_year),
          gender: genderOf(r.gender),
          availableFrom: date(r.available_from),
        },
  keysOf: (row) => row.reachCodes,
};

/** Rows read a query while loading: on the embedded database a chunk holds the thread for ~0.5 s. */
const LOAD_CHUNK = 2000;
/** After a failed load, searches use the database for this long before loading is tried again. */
const RETRY_MS = 30_000;

export class MemoryIndex<Row> {
  private slotOf = new Map<string, number>();
  private ids: string[] = [];
  private rows: (Row | null)[] = [];
  private vectors: VectorStore;
  private free: number[] = [];
  private reserved = 0;
  /** Slots by location key, so a search with a keyTest looks only under the keys that pass. */
  private byKey = new Map<string, Set<number>>();
  /** Per slot, the search that last looked at it (a row under two passing keys is tested once). */
  private seen = new Int32Array(0);
  private searches = 0;
  private mark: Mark | undefined;
  private loading: Promise<void> | undefined;
  private failedAt = -Infinity;
  private refreshing: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private closed = false;
  /** Scratch for one search's eligible slots. */
  private eligible = new Int32Array(0);

  constructor(
    private readonly database: Database,
    private readonly side: Side<Row>,
    private readonly model: string,
    private readonly dims: number,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.vectors = new VectorStore(dims);
  }

  get ready(): boolean {
    return this.mark !== undefined;
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Loads the rows (once; again after a failure). Resolves when loaded; never rejects. */
  warm(): Promise<void> {
    if (this.ready || this.closed) return Promise.resolve();
    if (!this.loading && performance.now() - this.failedAt >= RETRY_MS) {
      this.loading = this.load()
        .catch((err: unknown) => {
          this.failedAt = performance.now();
          this.clear();
          this.log(
            `memory index (${this.side.ownerType}) not loaded, searches use the database: ${String(err)}`,
          );
        })
        .finally(() => {
          this.loading = undefined;
        });
    }
    return this.loading ?? Promise.resolve();
  }

  /** Stops loading and refreshing; searches go to the database from now on. */
  close() {
    this.closed = true;
    this.clear();
  }

  /**
   * The `limit` rows nearest to `vector` among those passing `test`, most similar first, after catching up
   * with the database. Undefined when the index is not loaded (loading starts); no hits, only the count,
   * when more than `max` rows pass (the database's index walk suits those better).
   */
  async search(
    vector: Float32Array,
    filter: Pick<Filter<Row>, 'test' | 'keyTest' | 'restTest'>,
    limit: number,
    max: number,
  ): Promise<{ hits: MemoryHit[] | null; eligible: number } | undefined> {
    if (!this.ready) {
      void this.warm();
      return undefined;
    }
    await this.refresh();
    if (!this.ready) return undefined;
    const { rows, vectors } = this;
    const { test, keyTest } = filter;
    const rest = filter.restTest ?? test;
    if (this.eligible.length < rows.length) this.eligible = new Int32Array(rows.length);
    const eligible = this.eligible;
    let count = 0;
    if (keyTest) {
      if (this.seen.length < rows.length) this.seen = new Int32Array(rows.length * 2);
      const seen = this.seen;
      if (this.searches === 0x7fffffff) {
        this.seen.fill(0);
        this.searches = 0;
      }
      const stamp = ++this.searches;
      for (const [key, slots] of this.byKey) {
        if (!keyTest(key)) continue;
        for (const slot of slots) {
          if (seen[slot] === stamp) continue;
          seen[slot] = stamp;
          if (!rest(rows[slot]!)) continue;
          if (count === max) return { hits: null, eligible: count + 1 };
          eligible[count++] = slot;
        }
      }
    } else {
      for (let slot = 0; slot < rows.length; slot++) {
        const row = rows[slot];
        if (row !== null && row !== undefined && test(row)) {
          if (count === max) return { hits: null, eligible: count + 1 };
          eligible[count++] = slot;
        }
      }
    }
    vectors.setQuery(vector);
    // The best `limit` so far, the weakest on top: a row enters only by beating it.
    const top = new MinHeap(limit);
    for (let i = 0; i < count && limit > 0; i++) {
      const slot = eligible[i]!;
      const similarity = vectors.similarity(slot);
      if (top.size < limit) top.push(slot, similarity);
      else if (similarity > top.minKey) {
        top.pop();
        top.push(slot, similarity);
      }
    }
    const hits: MemoryHit[] = [];
    while (top.size > 0) {
      const similarity = top.minKey;
      hits.push({ id: this.ids[top.pop()]!, similarity });
    }
    return { hits: hits.reverse(), eligible: count };
  }

  /** Reads what was written since the last read; concurrent callers share one read started after they came. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.readChanges().finally(() => {
        this.refreshing = undefined;
      });
      return this.refreshing;
    }
    this.queued ??= this.refreshing
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  private async readChanges() {
    const mark = this.mark;
    if (!mark || this.closed) return;
    const newer = newerThan(mark);
    try {
      const rows = await this.database.rows<Record<string, unknown>>(sql`
        with mark as materialized (${markNow}), changed as (${this.side.changed(newer, this.model)})
        select mark.mark_xmax, mark.mark_xip, r.* from mark left join (
          ${this.side.rows(this.model)} where p.id in (select id from changed)) r on true`);
      if (this.closed || this.mark !== mark) return;
      for (const raw of rows) if (raw.id !== null) this.apply(raw);
      this.mark = markOf(rows[0]);
    } catch (err) {
      // Without this read the index could miss a change: drop it, let searches use the database, and load
      // again later.
      this.failedAt = performance.now();
      this.clear();
      this.log(`memory index (${this.side.ownerType}) dropped after a failed refresh: ${String(err)}`);
    }
  }

  private async load() {
    const started = performance.now();
    let mark: Mark | undefined;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.database.rows<Record<string, unknown>>(sql`
        with mark as materialized (${markNow})
        select mark.mark_xmax, mark.mark_xip, r.* from mark left join (
          ${this.side.rows(this.model)} where ${this.side.worthKeeping} and p.id > ${after}::uuid
          order by p.id limit ${LOAD_CHUNK}) r on true`);
      if (this.closed) return;
      // Changes made while the later chunks are read are caught by the first refresh.
      mark ??= markOf(rows[0]);
      const got = rows.filter((r) => r.id !== null);
      for (const raw of got) this.apply(raw);
      if (got.length < LOAD_CHUNK) break;
      after = String(got[got.length - 1]!.id);
      // The embedded database answers on this thread: requests get a turn between chunks.
      await nextTurn();
    }
    this.mark = mark;
    this.log(
      `memory index (${this.side.ownerType}): ${this.size} rows loaded in ${Math.round(performance.now() - started)} ms`,
    );
  }

  private apply(raw: Record<string, unknown>) {
    const id = String(raw.id);
    const row = raw.v === null || raw.v === undefined ? null : this.side.toRow(raw);
    let slot = this.slotOf.get(id);
    const old = slot === undefined ? null : this.rows[slot]!;
    if (old !== null) for (const key of this.side.keysOf(old)) this.byKey.get(key)?.delete(slot!);
    if (row === null) {
      if (slot === undefined) return;
      this.slotOf.delete(id);
      this.rows[slot] = null;
      this.free.push(slot);
      return;
    }
    if (slot === undefined) {
      slot = this.free.pop() ?? this.rows.length;
      this.slotOf.set(id, slot);
      if (slot === this.rows.length) this.rows.push(null);
      this.ids[slot] = id;
    }
    this.rows[slot] = row;
    for (const key of this.side.keysOf(row)) {
      const slots = this.byKey.get(key);
      if (slots) slots.add(slot);
      else this.byKey.set(key, new Set([slot]));
    }
    // Room in steps of an eighth: the vectors are most of the index's memory.
    if (slot >= this.reserved) {
      this.reserved = Math.ceil((slot + 1) * 1.125) + 1024;
      this.vectors.reserve(this.reserved);
    }
    readVector(raw.v as Uint8Array, this.vectors.slot(slot), this.dims);
  }

  private clear() {
    this.mark = undefined;
    this.slotOf = new Map();
    this.ids = [];
    this.rows = [];
    this.vectors = new VectorStore(this.dims);
    this.reserved = 0;
    this.free = [];
    this.byKey = new Map();
  }
}

/** pgvector's binary form: int16 dimensions, int16 unused, then big-endian float4s. Stored unit-length. */
function readVector(bytes: Uint8Array, into: Float32Array, dims: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt16(0) !== dims)
    throw new Error(`vector of ${view.getInt16(0)} dimensions, expected ${dims}`);
  let norm = 0;
  for (let i = 0; i < dims; i++) {
    const x = view.getFloat32(4 + 4 * i);
    into[i] = x;
    norm += x * x;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < dims; i++) into[i]! *= scale;
}
