import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits at shared/src/config/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(repoRoot, p);
}

/**
 * The project's own model cache (git-ignored): filled once through the npm registry and verified by SHA-256
 * (shared/src/model), then used by the start, the tests and the benchmarks alike.
 */
export const defaultModelDir = (): string => path.join(repoRoot, 'models');

/** The 2022 occupation classification, shipped in the repository (shared/reference-data/README.md). */
export const defaultOccupationsFile = (): string =>
  path.join(repoRoot, 'shared/reference-data/occupations-2022.jsonl.gz');
