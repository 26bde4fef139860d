/**
 * Keyword overlap for free text: jieba tokens scored with BM25. The text-matching path fuses this with the
 * embedding cosine (see text-match.ts); the eval also runs it alone as a baseline.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | undefined;

/** Function words and CV/JD boilerplate that every text has. */
const STOPWORDS = new Set(
  '的 了 和 与 及 等 在 对 有 是 为 或 并 能 可 会 将 把 被 从 以 于 中 上 下 个 年 月 日 我 你 他 她 其 该 各 一 二 三 者 之 也 都 而 及其 以及 相关 负责 工作 能力 进行 具有 具备 熟悉 熟练 良好 较强 以上 优先 要求 岗位 职位 公司'.split(
    ' ',
  ),
);

export function tokenize(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba
    .cut(text.toLowerCase(), false)
    .map((t) => t.trim())
    .filter((t) => t.length > 0 && /[\p{Script=Han}a-z0-9]/u.test(t) && !STOPWORDS.has(t))
    .filter((t) => t.length > 1 || /[a-z]/.test(t));
}

export interface Bm25Options {
  k1?: number;
  b?: number;
}

/** BM25 over a fixed set of documents (their tokens); `score` takes query tokens (duplicates ignored). */
export function bm25Index(docs: readonly (readonly string[])[], options: Bm25Options = {}) {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const df = new Map<string, number>();
  const tf = docs.map((tokens) => {
    const counts = new Map<string, number>();
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    return counts;
  });
  const avgLen = docs.reduce((s, d) => s + d.length, 0) / Math.max(1, docs.length);
  const n = docs.length;
  const idf = (t: string) => {
    const f = df.get(t) ?? 0;
    return Math.log(1 + (n - f + 0.5) / (f + 0.5));
  };
  return {
    score(query: readonly string[], doc: number): number {
      const counts = tf[doc];
      if (!counts) return 0;
      const len = docs[doc]!.length;
      let s = 0;
      for (const t of new Set(query)) {
        const f = counts.get(t);
        if (!f) continue;
        s += (idf(t) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * len) / avgLen));
      }
      return s;
    },
  };
}
