import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Embedder } from '../embedding/embedder';
import { personEmbeddingText, postEmbeddingText } from '../embedding/texts';
import { bm25Index, tokenize } from '../ranking/keywords';
import { fuseTextScores } from '../ranking/text-match';
import { type QueryMetrics, queryMetrics } from './metrics';

const lineSchema = z.object({
  id: z.string(),
  cv: z.string(),
  candidates: z.array(z.object({ id: z.string(), jd: z.string(), label: z.number() })).min(1),
});
export type PpmQuery = z.infer<typeof lineSchema>;

export function readDataset(file: string): PpmQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const parsed = lineSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${file}, line ${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

export const rankerNames = ['matcher', 'bm25', 'cosine'] as const;
export type RankerName = (typeof rankerNames)[number];

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

async function embedAll(embedder: Embedder, texts: Map<string, string>): Promise<Map<string, Float32Array>> {
  const keys = [...texts.keys()];
  const vectors = await embedder.embed(keys.map((k) => texts.get(k)!));
  return new Map(keys.map((k, i) => [k, vectors[i]!]));
}

/**
 * Ranks every CV's candidate JDs three ways and scores each with the labels (labels are read only here, after
 * ranking). matcher: the matcher's own texts (a CV plays a person's work history, a JD a post's description)
 * and its text path (cosine fused with BM25). bm25: jieba tokens, BM25 over all JDs of the file. cosine: plain
 * embedding cosine of the raw texts.
 */
export async function evaluateDataset(
  queries: readonly PpmQuery[],
  embedder: Embedder,
): Promise<Record<RankerName, QueryMetrics[]>> {
  const jds = new Map<string, string>();
  for (const q of queries) for (const c of q.candidates) jds.set(c.id, c.jd);
  const jdIds = [...jds.keys()];
  const jdIndex = new Map(jdIds.map((id, i) => [id, i]));
  const bm25 = bm25Index(jdIds.map((id) => tokenize(jds.get(id)!)));

  const matcherTexts = new Map<string, string>();
  const plainTexts = new Map<string, string>();
  for (const q of queries) {
    const person = { desiredOccupationNames: [], skills: [], certificates: [], workHistory: q.cv };
    matcherTexts.set(`cv:${q.id}`, personEmbeddingText(person));
    plainTexts.set(`cv:${q.id}`, q.cv);
  }
  for (const [id, jd] of jds) {
    const post = { title: '', requiredSkills: [], requiredCertificates: [], description: jd };
    matcherTexts.set(`jd:${id}`, postEmbeddingText(post));
    plainTexts.set(`jd:${id}`, jd);
  }
  const matcherVectors = await embedAll(embedder, matcherTexts);
  const plainVectors = await embedAll(embedder, plainTexts);

  const out: Record<RankerName, QueryMetrics[]> = { matcher: [], bm25: [], cosine: [] };
  for (const q of queries) {
    const cosine = (vectors: Map<string, Float32Array>) =>
      q.candidates.map((c) => dot(vectors.get(`cv:${q.id}`)!, vectors.get(`jd:${c.id}`)!));
    const tokens = tokenize(q.cv);
    const keyword = q.candidates.map((c) => bm25.score(tokens, jdIndex.get(c.id)!));
    const scores: Record<RankerName, number[]> = {
      matcher: fuseTextScores(cosine(matcherVectors), keyword),
      bm25: keyword,
      cosine: cosine(plainVectors),
    };
    const gains = new Map(q.candidates.map((c) => [c.id, c.label]));
    for (const name of rankerNames) {
      const ranked = q.candidates
        .map((c, i) => ({ id: c.id, s: scores[name][i]! }))
        .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
        .map((r) => r.id);
      out[name].push(queryMetrics(ranked, gains));
    }
  }
  return out;
}
