import { Jieba } from '@node-rs/jieba';
import type { VocabularyKind } from '../domain';
import { compactText, splitList } from './text';

/** The fields of a vocabulary row term matching needs (see db/schema/vocabulary). */
export interface VocabularyItem {
  kind: VocabularyKind;
  label: string;
  synonyms: readonly string[];
}

export interface TermsResult {
  /** Canonical labels, in the order first mentioned, each once. */
  labels: string[];
  /** Items that matched nothing (or several labels), as written. */
  unknown: string[];
}

export interface VocabularyIndex {
  readonly byKind: Map<
    VocabularyKind,
    { exact: Map<string, string>; terms: { term: string; label: string }[] }
  >;
  readonly jieba: Jieba;
  readonly cache: Map<string, TermsResult>;
}

/**
 * Builds the lookup for one vocabulary. jieba's dictionary is the vocabulary's own words, so 开叉车 and
 * 焊工证 come out as tokens when a cell says 会电焊和开叉车，持焊工证.
 */
export function buildVocabularyIndex(items: Iterable<VocabularyItem>): VocabularyIndex {
  const byKind: VocabularyIndex['byKind'] = new Map();
  const words: string[] = [];
  for (const item of items) {
    let k = byKind.get(item.kind);
    if (!k) {
      k = { exact: new Map(), terms: [] };
      byKind.set(item.kind, k);
    }
    for (const raw of [item.label, ...item.synonyms]) {
      const term = compactText(raw).toLowerCase();
      if (!term) continue;
      if (!k.exact.has(term)) k.exact.set(term, item.label);
      k.terms.push({ term, label: item.label });
      words.push(term);
    }
  }
  // Only the vocabulary's own words: a cell is cut into known terms and the characters between them.
  // jieba's general dictionary (~150 MB resident) would add nothing the lookup below could use.
  // Their 2–4 character parts are words too (at a low weight), so 叉车 inside 会开车和叉车 is still a token.
  const parts = new Set<string>();
  for (const w of words)
    for (let len = 2; len <= 4; len++)
      for (let i = 0; i + len <= w.length; i++) parts.add(w.slice(i, i + len));
  const jieba = new Jieba();
  jieba.loadDict(
    Buffer.from([...[...parts].map((p) => `${p} 1000 n`), ...words.map((w) => `${w} 200000 n`)].join('\n')),
  );
  return { byKind, jieba, cache: new Map() };
}

/** The one label all terms containing `token` agree on (叉车 → 叉车证 among certificates), if any. */
function byContainment(terms: { term: string; label: string }[], token: string): string | undefined {
  if (token.length < 2) return undefined;
  const labels = new Set(terms.filter((t) => t.term.includes(token)).map((t) => t.label));
  return labels.size === 1 ? [...labels][0] : undefined;
}

function lookup(index: VocabularyIndex, kind: VocabularyKind, item: string): string[] {
  const k = index.byKind.get(kind);
  if (!k) return [];
  const term = item.toLowerCase();
  const exact = k.exact.get(term) ?? byContainment(k.terms, term);
  if (exact) return [exact];
  // A phrase: the labels of its jieba tokens (会电焊和开叉车 → 电焊, 叉车驾驶).
  const found: string[] = [];
  for (const token of index.jieba.cut(term, false)) {
    const label = k.exact.get(token) ?? byContainment(k.terms, token);
    if (label && !found.includes(label)) found.push(label);
  }
  return found;
}

/**
 * A skills or certificates cell → controlled-vocabulary labels: 电焊/焊接 → 电焊, 焊工证/电焊证 → 焊工证,
 * 叉车 → 叉车驾驶 (skill) or 叉车证 (certificate). Items marked 优先 (preferred) are left out when
 * `dropPreferred` is set, since a post does not require them.
 */
export function normalizeTerms(
  index: VocabularyIndex,
  kind: VocabularyKind,
  text: string,
  options: { dropPreferred?: boolean } = {},
): TermsResult {
  const cacheKey = `${kind}|${options.dropPreferred ? 1 : 0}|${text}`;
  const cached = index.cache.get(cacheKey);
  if (cached) return cached;
  const labels: string[] = [];
  const unknown: string[] = [];
  for (const raw of splitList(text)) {
    if (options.dropPreferred && raw.includes('优先')) continue;
    const item = compactText(raw).replace(/^(会|持有?|有|需|要求|具备|熟练|能)/, '');
    const found = lookup(index, kind, item);
    if (found.length === 0) unknown.push(raw);
    for (const l of found) if (!labels.includes(l)) labels.push(l);
  }
  const result = { labels, unknown };
  if (index.cache.size < 50_000) index.cache.set(cacheKey, result);
  return result;
}
