import { compactText } from './text';

/** The fields of an occupation row title matching needs (see db/schema/occupations). */
export interface OccupationEntry {
  code: string;
  name: string;
  synonyms?: readonly string[] | null;
  workTypes?: readonly string[] | null;
}

export type OccupationMethod = 'name' | 'synonym' | 'contains' | 'embedding' | 'none';

export interface OccupationMatch {
  code: string | null;
  /** 0..1; below REVIEW_THRESHOLD the match is flagged for a person to check. */
  confidence: number;
  method: OccupationMethod;
  needsReview: boolean;
}

export const REVIEW_THRESHOLD = 0.75;

const CONFIDENCE = { name: 1, synonym: 0.95, contains: 0.8, containsAmbiguous: 0.5 } as const;

export interface OccupationIndex {
  readonly exact: Map<string, { code: string; method: 'name' | 'synonym' }[]>;
  /** Terms longest first, for finding the one a title contains. */
  readonly terms: { term: string; code: string }[];
  readonly cache: Map<string, OccupationMatch>;
}

// Words around a job title that say nothing about the occupation: 急招普工（长白班）→ 普工.
const NOISE = /^(急招|诚聘|高薪招聘|高薪诚聘|招聘|招|聘)|[(（【[].*?[)）】\]]|若干名?|\d+名|学徒$/g;

export function cleanTitle(title: string): string {
  return compactText(title)
    .replace(NOISE, '')
    .replace(/[\p{P}\p{S}]/gu, '');
}

export function buildOccupationIndex(entries: Iterable<OccupationEntry>): OccupationIndex {
  const exact = new Map<string, { code: string; method: 'name' | 'synonym' }[]>();
  const terms: { term: string; code: string }[] = [];
  const add = (raw: string, code: string, method: 'name' | 'synonym') => {
    const term = cleanTitle(raw);
    if (term.length < 2) return;
    const list = exact.get(term) ?? [];
    if (!list.some((e) => e.code === code)) list.push({ code, method });
    exact.set(term, list);
    terms.push({ term, code });
  };
  for (const o of entries) {
    add(o.name, o.code, 'name');
    for (const s of [...(o.synonyms ?? []), ...(o.workTypes ?? [])]) add(s, o.code, 'synonym');
  }
  terms.sort((a, b) => b.term.length - a.term.length);
  return { exact, terms, cache: new Map() };
}

const result = (code: string | null, confidence: number, method: OccupationMethod): OccupationMatch => ({
  code,
  confidence,
  method,
  needsReview: confidence < REVIEW_THRESHOLD,
});

/**
 * A job title → its 2022 occupation code, by the dictionary: the official name, then a synonym, then the
 * longest name or synonym the title contains (电焊工 (长期) → 焊工). No match is confidence 0, to be reviewed
 * or tried against embeddings (see matchByEmbedding).
 */
export function matchOccupation(index: OccupationIndex, title: string): OccupationMatch {
  const key = cleanTitle(title);
  const cached = index.cache.get(key);
  if (cached) return cached;
  const match = matchUncached(index, key);
  if (index.cache.size < 50_000) index.cache.set(key, match);
  return match;
}

function matchUncached(index: OccupationIndex, key: string): OccupationMatch {
  if (key.length === 0) return result(null, 0, 'none');
  const exact = index.exact.get(key);
  if (exact) {
    // An official name is authoritative; synonyms and the file's work types (filled down from neighbouring
    // rows in places) may repeat it under other codes.
    const named = new Set(exact.filter((e) => e.method === 'name').map((e) => e.code));
    if (named.size === 1) return result([...named][0]!, CONFIDENCE.name, 'name');
    const codes = new Set(exact.map((e) => e.code));
    const first = exact[0]!;
    if (codes.size === 1) return result(first.code, CONFIDENCE[first.method], first.method);
    const byName = exact.find((e) => e.method === 'name');
    return result((byName ?? first).code, CONFIDENCE.containsAmbiguous, first.method);
  }
  const longest = index.terms.find((t) => key.includes(t.term));
  if (!longest) return result(null, 0, 'none');
  const rivals = new Set(
    index.terms
      .filter((t) => t.term.length === longest.term.length && key.includes(t.term))
      .map((t) => t.code),
  );
  return result(
    longest.code,
    rivals.size === 1 ? CONFIDENCE.contains : CONFIDENCE.containsAmbiguous,
    'contains',
  );
}

/** The embedding model, injected by whoever has it loaded (the matcher); ingest never loads one itself. */
export interface Embedder {
  embed(texts: string[]): Promise<Float32Array[]>;
}

export const EMBEDDING_ACCEPT = 0.8;

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/**
 * The fallback for titles the dictionary does not know: the nearest occupation by embedding. Confidence is
 * the cosine similarity; anything below EMBEDDING_ACCEPT is flagged for review.
 */
export async function matchByEmbedding(
  embedder: Embedder,
  occupations: { code: string; vector: Float32Array }[],
  titles: string[],
): Promise<OccupationMatch[]> {
  if (titles.length === 0 || occupations.length === 0) return titles.map(() => result(null, 0, 'none'));
  const vectors = await embedder.embed(titles.map(cleanTitle));
  return vectors.map((v) => {
    let best = { code: '', score: -1 };
    for (const o of occupations) {
      const score = cosine(v, o.vector);
      if (score > best.score) best = { code: o.code, score };
    }
    const confidence = Math.max(0, Math.min(1, best.score));
    return { code: best.code, confidence, method: 'embedding', needsReview: confidence < EMBEDDING_ACCEPT };
  });
}
