export * from './client';
export * as schema from './schema';
export { EMBEDDING_DIMS } from './schema/embeddings';
