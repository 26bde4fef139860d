import * as OpenCC from 'opencc-js';

let toSimplifiedFn: ((text: string) => string) | undefined;

/** Traditional → simplified Chinese (OpenCC, Taiwan/Hong Kong variants included): 濟南市 → 济南市. */
export function toSimplified(text: string): string {
  toSimplifiedFn ??= OpenCC.Converter({ from: 't', to: 'cn' });
  return toSimplifiedFn(text);
}

// Zero-width characters and BOMs that spreadsheets and web forms leave behind.
const INVISIBLE = /[\u200b-\u200f\u2060\ufeff]/g;

/**
 * What every cell goes through first: full-width digits, letters and punctuation folded to ASCII (NFKC),
 * invisible characters removed, runs of whitespace (including the ideographic space) collapsed, trimmed.
 */
export function cleanText(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

const normalized = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 50_000;
const MEMO_MAX_LENGTH = 64;

/** cleanText + simplified Chinese: the form names, titles and places are compared in. */
export function normalizeText(text: string): string {
  const hit = normalized.get(text);
  if (hit !== undefined) return hit;
  const cleaned = cleanText(text);
  // Pure ASCII needs no conversion, and most numeric cells are.
  const result = /[^\u0020-\u007e]/.test(cleaned) ? toSimplified(cleaned) : cleaned;
  // List cells repeat (places, education, yes/no); a bounded memo saves most conversions. Long texts
  // (descriptions, work histories) rarely repeat: memoizing them would only hold megabytes of one-off strings.
  if (text.length > MEMO_MAX_LENGTH) return result;
  if (normalized.size >= NORMALIZED_CACHE_SIZE) normalized.clear();
  normalized.set(text, result);
  return result;
}

/** For keys and lookups: normalized with every space removed. */
export const compactText = (text: string): string => normalizeText(text).replace(/ /g, '');

/** Values people write for "nothing here". */
const BLANKS = new Set([
  '',
  '-',
  '--',
  '—',
  '——',
  '/',
  '无',
  '暂无',
  'n/a',
  'na',
  'null',
  '空',
  '未填',
  '未知',
]);

export function isBlankValue(text: string): boolean {
  // Every blank marker is short: longer cells (most of them) need no normalizing to be told apart.
  if (text.length > 12 && text.trim().length > 12) return false;
  return BLANKS.has(compactText(text).toLowerCase());
}

/** Splits a list cell (电焊、叉车; 电焊,叉车 / 电焊 叉车) into its items. */
export function splitList(text: string): string[] {
  return normalizeText(text)
    .split(/[、,;；|/\n]+|\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !isBlankValue(s));
}

/** Character shingles, for telling near-identical descriptions apart from different ones. */
export function shingles(text: string, size = 3): Set<string> {
  const compact = compactText(text).replace(/[\p{P}\p{S}]/gu, '');
  const out = new Set<string>();
  if (compact.length <= size) {
    if (compact) out.add(compact);
    return out;
  }
  for (let i = 0; i + size <= compact.length; i++) out.add(compact.slice(i, i + size));
  return out;
}

/** Jaccard similarity of two texts' shingles: 1 for identical, 0 for nothing in common; two blanks are equal. */
export function textSimilarity(a: string, b: string): number {
  const sa = shingles(a);
  const sb = shingles(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let common = 0;
  for (const s of sa) if (sb.has(s)) common++;
  return common / (sa.size + sb.size - common);
}
