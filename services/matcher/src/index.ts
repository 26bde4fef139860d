import type { Database } from '@qihang/shared/db/client';
import { todayInChina } from '@qihang/shared/domain/index';
import type { Embedder } from './embedding/embedder';
import { type EmbedJobDeps, embedHandler, handleEmbed } from './jobs/embed';
import { handleReindex, reindexHandler } from './jobs/reindex';

export { queueMissingEmbeddings } from './jobs/backfill';
export { queueEmbeddings } from './jobs/queue-embeddings';

import { type MatcherDeps, type PageOptions, typicalItemsLoader } from './recommend/deps';
import { peopleForPost } from './recommend/people-for-post';
import { postsForPerson } from './recommend/posts-for-person';
import { ChangeWatch } from './retrieval/change-watch';
import { MemoryIndex, personSide, postSide } from './retrieval/memory-index';
import { DEFAULT_EF_SEARCH } from './retrieval/vector-search';
import { nearMisses } from './training/near-miss';

export {
  assignShortlists,
  type FairPair,
  type FairPairs,
  fairPairs,
  naiveTopK,
} from './assignment/index';
export type * from './assignment/types';
export { createEmbedder, type Embedder, type EmbedderOptions } from './embedding/embedder';
export { embeddingTextHash, personEmbeddingText, postEmbeddingText } from './embedding/texts';
export type { Reason } from './ranking/types';
export type { Page, PageOptions } from './recommend/deps';
export type { CandidateRecommendation } from './recommend/people-for-post';
export type { PostRecommendation } from './recommend/posts-for-person';
export { type Changes, ChangeWatch } from './retrieval/change-watch';
export type { NearMissGroup, NearMissPost, TrainingOption } from './training/near-miss';
export { type EmbedJobDeps, embedHandler, handleEmbed, handleReindex, reindexHandler };

/** The matcher's share of the queue contract: pass to the runtime with the other services' handlers. */
export const matcherJobHandlers = { embed: embedHandler, reindex: reindexHandler };

export interface MatcherOptions {
  database: Database;
  embedder: Embedder;
  /** ISO date used as "today" (default: the current date in China). */
  today?: () => string;
  /** HNSW ef_search (default 300; raised to the candidate pool size when that is larger). */
  efSearch?: number;
  /**
   * Keep the searchable rows of both sides in process memory and rank there (retrieval/memory-index.ts):
   * ~3 KB a row. Loaded in the background on first use (or `warm()`); the database answers until then.
   */
  memoryIndex?: boolean;
  /** Where the memory index reports loading and failures. */
  log?: (message: string) => void;
}

export function createMatcher(options: MatcherOptions) {
  const deps: MatcherDeps = {
    database: options.database,
    embedder: options.embedder,
    today: options.today ?? (() => todayInChina()),
    efSearch: options.efSearch ?? DEFAULT_EF_SEARCH,
    typicalItems: typicalItemsLoader(options.database),
  };
  if (options.memoryIndex) {
    const { database, embedder } = options;
    deps.memory = {
      posts: new MemoryIndex(database, postSide, embedder.model, embedder.dims, options.log),
      people: new MemoryIndex(database, personSide, embedder.model, embedder.dims, options.log),
    };
  }
  const memory = deps.memory;
  return {
    /** Posts for a person, best first, each with its reasons. Throws NotFoundError for an unknown person. */
    postsForPerson: (personId: string, page?: PageOptions) => postsForPerson(deps, personId, page),
    /** The employer's de-identified shortlist for a post. Throws NotFoundError for an unknown post. */
    peopleForPost: (postId: string, page?: PageOptions) => peopleForPost(deps, postId, page),
    /** Posts one missing certificate or skill away, grouped by that item, with courses that teach it. */
    nearMisses: (personId: string) => nearMisses(deps, personId),
    /** Loads the memory index (when kept); resolves once both sides are loaded or have failed to. */
    warm: async () => {
      if (memory) await Promise.all([memory.posts.warm(), memory.people.warm()]);
    },
    /** Rows held in memory per side, or null when the matcher does not keep them or has not loaded them. */
    memoryRows: () =>
      memory
        ? {
            posts: memory.posts.ready ? memory.posts.size : null,
            people: memory.people.ready ? memory.people.size : null,
          }
        : null,
    /** A reader of what was written since its last read, for callers that keep answers (change-watch.ts). */
    watchChanges: () => new ChangeWatch(options.database, options.embedder.model),
    /** Drops the memory index; searches go to the database from then on. */
    close: () => {
      memory?.posts.close();
      memory?.people.close();
    },
  };
}

export type Matcher = ReturnType<typeof createMatcher>;
