/**
 * What `pnpm bench` needs from the matcher's insides (timers, synthetic worlds, the memory index and the
 * search limits): the benchmarks' own entry point, so they do not reach into the service's files.
 */
export { syntheticFair } from '../assignment/synthetic';
export { runGolden } from '../eval/golden/run';
export { MemoryIndex, postSide } from '../retrieval/memory-index';
export { DEFAULT_EF_SEARCH, EXACT_MAX, MAX_SCAN_TUPLES, MEMORY_MAX } from '../retrieval/vector-search';
export * from './measure';
export * from './synthetic';
export * from './throughput';
export * from './world';
