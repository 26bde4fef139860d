import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits at shared/src/config/paths.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The team's read-only reference folder, beside the repository. */
export const sharedRefDir = path.resolve(repoRoot, '../shared');

export function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(repoRoot, p);
}

export const defaultModelDir = (): string => {
  const beside = path.join(sharedRefDir, 'models');
  return existsSync(beside) ? beside : path.join(repoRoot, 'models');
};

export const defaultOccupationsFile = (): string | undefined => {
  const file = path.join(sharedRefDir, 'data', 'occupations-2022.jsonl');
  return existsSync(file) ? file : undefined;
};
