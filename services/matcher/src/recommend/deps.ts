import type { Database } from '@qihang/shared/db/client';
import type { EmbeddingOwnerType } from '@qihang/shared/domain/index';
import type { Embedder } from '../embedding/embedder';
import { ownerTexts } from '../embedding/owner-texts';
import { loadEmbedding, storeEmbeddings } from '../embedding/store';
import type { ScoreContext } from '../ranking/score';
import type { Labels, MatchPerson, MatchPost } from '../ranking/types';
import type { PersonRow, PostRow } from '../retrieval/filters';
import type { MemoryIndex } from '../retrieval/memory-index';
import { loadLabels, loadPosts, loadTypicalItems } from './load';

export interface MatcherDeps {
  database: Database;
  embedder: Embedder;
  /** "Today" for expiry, age and availability; injectable so tests and the golden set are reproducible. */
  today: () => string;
  efSearch: number;
  typicalItems: () => Promise<Map<string, Set<string>>>;
  /** Searchable rows held in memory (retrieval/memory-index.ts); absent when the matcher does not keep them. */
  memory?: { posts: MemoryIndex<PostRow>; people: MemoryIndex<PersonRow> };
}

export interface PageOptions {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  offset: number;
  limit: number;
  /** Offset of the next page, or null when this was the last. */
  nextOffset: number | null;
}

export const MAX_LIMIT = 100;
/** How many neighbours to re-rank: enough that re-ranking reaches past the page, bounded for latency. */
export const candidatePool = (offset: number, limit: number) =>
  Math.min(1000, Math.max(100, 3 * (offset + limit)));

export function pageBounds(options: PageOptions): { offset: number; limit: number } {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(options.limit ?? 20)));
  const offset = Math.max(0, Math.trunc(options.offset ?? 0));
  return { offset, limit };
}

export function toPage<T>(ranked: T[], offset: number, limit: number): Page<T> {
  const items = ranked.slice(offset, offset + limit);
  return { items, offset, limit, nextOffset: offset + limit < ranked.length ? offset + limit : null };
}

/** The owner's stored vector; embedded now (and stored) if ingest's job has not run yet. */
export async function ownerVector(
  deps: MatcherDeps,
  ownerType: EmbeddingOwnerType,
  ownerId: string,
): Promise<Float32Array | undefined> {
  const stored = await loadEmbedding(deps.database, ownerType, ownerId, deps.embedder.model);
  if (stored) return stored;
  const items = await ownerTexts(deps.database, ownerType, [ownerId]);
  if (items.length === 0) return undefined;
  await storeEmbeddings(deps.database, deps.embedder, items);
  return loadEmbedding(deps.database, ownerType, ownerId, deps.embedder.model);
}

export async function scoreContext(deps: MatcherDeps, labels: Labels): Promise<ScoreContext> {
  const typical = await deps.typicalItems();
  const empty = new Set<string>();
  return { today: deps.today(), labels, typicalItems: (code) => typical.get(code) ?? empty };
}

/** Candidate posts for one person, with the region/occupation names and scoring context their reasons need. */
export async function postsInContext(
  deps: MatcherDeps,
  person: MatchPerson,
  ids: readonly string[],
): Promise<{ posts: Map<string, MatchPost>; ctx: ScoreContext }> {
  const posts = await loadPosts(deps.database, ids);
  const labels = await loadLabels(
    deps.database,
    [
      ...person.acceptableRegionCodes,
      person.originRegionCode,
      ...[...posts.values()].map((p) => p.regionCode),
    ],
    [...posts.values()].flatMap((p) => (p.occupationCode ? [p.occupationCode] : [])),
  );
  return { posts, ctx: await scoreContext(deps, labels) };
}

export function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= load().catch((err) => {
      value = undefined;
      throw err;
    });
    return value;
  };
}

export const typicalItemsLoader = (database: Database) => memo(() => loadTypicalItems(database));
