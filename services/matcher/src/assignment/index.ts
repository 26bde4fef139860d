export { assignShortlists } from './assign';
export { naiveTopK } from './naive';
export { type FairPair, type FairPairs, fairPairs } from './pairs';
export * from './types';
