/**
 * `pnpm lint` runs this: a file may use another workspace package only through what that package's
 * package.json exports. It fails on a subpath the package does not export (`@qihang/matcher/ranking/score`)
 * and on a relative path into another package's folder (`../../matcher/src/ranking/score`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface DeepImport {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

interface WorkspacePackage {
  name: string;
  dir: string;
  exports: string[];
}

const SKIPPED_DIRS = new Set(['node_modules', 'data', 'models', 'dist', '.git']);
const SOURCE = /\.(ts|mts|tsx|vue)$/;
const SPECIFIERS = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bvi\.mock\(\s*['"]([^'"]+)['"]/g,
];

function workspacePackages(root: string): WorkspacePackage[] {
  const yaml = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const patterns = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\s]+)['"]?\s*$/gm)].map((m) => m[1]!);
  const dirs = patterns.flatMap((p) => {
    if (!p.endsWith('/*')) return [path.join(root, p)];
    const parent = path.join(root, p.slice(0, -2));
    return existsSync(parent)
      ? readdirSync(parent, { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => path.join(parent, d.name))
      : [];
  });
  return [root, ...dirs]
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      const exports = typeof json.exports === 'object' && json.exports ? Object.keys(json.exports) : [];
      return { name: json.name as string, dir, exports };
    });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** An exports key matches a subpath exactly, or as a pattern with one `*`. */
const exported = (keys: string[], subpath: string) =>
  keys.some((key) => {
    const star = key.indexOf('*');
    if (star < 0) return key === subpath;
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)];
    return subpath.startsWith(head) && subpath.endsWith(tail) && subpath.length >= key.length - 1;
  });

export function findDeepImports(root: string): DeepImport[] {
  const packages = workspacePackages(root).sort((a, b) => b.dir.length - a.dir.length);
  const owner = (file: string) => packages.find((p) => file === p.dir || file.startsWith(p.dir + path.sep));
  const byName = new Map(packages.map((p) => [p.name, p]));
  const found: DeepImport[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const home = owner(file);
    for (const pattern of SPECIFIERS) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1]!;
        const line = text.slice(0, match.index).split('\n').length;
        const at = { file: path.relative(root, file), line, specifier };
        const named = [...byName.keys()].find((n) => specifier === n || specifier.startsWith(`${n}/`));
        if (named) {
          const target = byName.get(named)!;
          const subpath = specifier === named ? '.' : `.${specifier.slice(named.length)}`;
          if (!exported(target.exports, subpath)) {
            found.push({
              ...at,
              reason: `${named} does not export '${subpath}' (its package.json exports: ${target.exports.join(', ') || 'nothing'})`,
            });
          }
        } else if (specifier.startsWith('.')) {
          const target = owner(path.resolve(path.dirname(file), specifier));
          if (target && home && target !== home) {
            found.push({
              ...at,
              reason: `reaches into ${target.name}'s files; import what ${target.name} exports`,
            });
          }
        }
      }
    }
  }
  return found;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(import.meta.dirname, '..');
  const found = findDeepImports(root);
  for (const f of found) console.error(`${f.file}:${f.line}: '${f.specifier}' — ${f.reason}`);
  if (found.length > 0) {
    console.error(`\n${found.length} import(s) reach into another package's internals.`);
    process.exit(1);
  }
}
