import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findDeepImports } from '../check-imports';

// Built from pieces, so this file's own text holds no import for the check to find.
const quoted = (specifier: string) => `'${specifier}'`;
const importOf = (specifier: string) => `import { x } from ${quoted(specifier)};`;

/** A two-package workspace written to a temporary folder: `shared` exports two entry points. */
function workspace(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'qihang-imports-'));
  const all: Record<string, string> = {
    'pnpm-workspace.yaml': 'packages:\n  - shared\n  - services/*\n',
    'package.json': JSON.stringify({ name: 'root' }),
    'shared/package.json': JSON.stringify({
      name: '@qihang/shared',
      exports: {
        '.': './src/index.ts',
        './db/client': './src/db/client.ts',
        './normalize/*': './src/normalize/*.ts',
      },
    }),
    'services/matcher/package.json': JSON.stringify({
      name: '@qihang/matcher',
      exports: { '.': './src/index.ts' },
    }),
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('deep imports between workspace packages', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('fails an import of a subpath the package does not export, and a relative path into its folder', () => {
    const root = workspace({
      'services/matcher/src/ok.ts': [
        importOf('@qihang/shared'),
        importOf('@qihang/shared/db/client'),
        importOf('@qihang/shared/normalize/text'),
        importOf('./own/file'),
      ].join('\n'),
      'services/gateway/package.json': JSON.stringify({
        name: '@qihang/gateway',
        exports: { '.': './src/index.ts' },
      }),
      'services/gateway/src/bad.ts': [
        importOf('@qihang/matcher/ranking/score'),
        `export { x } from ${quoted('../../../shared/src/db/internals')};`,
        `const m = await import(${quoted('@qihang/shared/db/internals')});`,
      ].join('\n'),
      'bench/match.ts': importOf('../services/matcher/src/ranking/weights'),
    });
    roots.push(root);
    const found = findDeepImports(root).map((f) => `${f.file}:${f.line} ${f.specifier}`);
    expect(found.sort()).toEqual([
      'bench/match.ts:1 ../services/matcher/src/ranking/weights',
      'services/gateway/src/bad.ts:1 @qihang/matcher/ranking/score',
      'services/gateway/src/bad.ts:2 ../../../shared/src/db/internals',
      'services/gateway/src/bad.ts:3 @qihang/shared/db/internals',
    ]);
    expect(findDeepImports(root).find((f) => f.line === 1 && f.file.endsWith('bad.ts'))?.reason).toMatch(
      "@qihang/matcher does not export './ranking/score'",
    );
  });

  it('finds none in this repository', () => {
    expect(findDeepImports(path.resolve(import.meta.dirname, '../..'))).toEqual([]);
  });
});
