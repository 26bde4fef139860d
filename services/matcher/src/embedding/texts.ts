/**
 * What is embedded for a post and for a person: one function each, so ingest (which queues `embed` jobs with
 * the text's hash) and the matcher always agree. Only what the text model is good at goes in — what the work
 * is, which skills and certificates, past work. Region, pay, age and dates are compared as structured fields
 * by the hard rules and the scorer, never through the vector.
 *
 * Both sides carry bge's retrieval prefix (为这个句子生成表示以用于检索相关文章：). bge recommends it for short
 * queries only, but here either side is the query (posts for a person, people for a post), and one stored
 * vector per owner must serve both. On the ppm-dev CV–JD set, prefixing both sides beat no prefix
 * (NDCG@10 0.781 vs 0.746, 39 CVs better / 16 worse) and the query side only (0.775); prefixing only the
 * document side hurt (0.719). See the README.
 */
import { sha256Hex } from '@qihang/shared/util/hash';

export const RETRIEVAL_PREFIX = '为这个句子生成表示以用于检索相关文章：';

/** Long descriptions add little and cost time (the model reads at most 512 tokens anyway). */
const MAX_FREE_TEXT = 300;

export interface PostTextInput {
  title: string;
  occupationName?: string | null;
  requiredSkills: readonly string[];
  requiredCertificates: readonly string[];
  description: string;
}

export interface PersonTextInput {
  /** Names of the desired occupations (not codes). */
  desiredOccupationNames: readonly string[];
  skills: readonly string[];
  certificates: readonly string[];
  workHistory: string;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, MAX_FREE_TEXT);
const part = (label: string, items: readonly (string | null | undefined)[]) => {
  const kept = items.map((i) => i?.trim()).filter((i): i is string => !!i);
  return kept.length > 0 ? `${label}：${[...new Set(kept)].join('、')}。` : '';
};

export function postEmbeddingText(post: PostTextInput): string {
  return [
    RETRIEVAL_PREFIX,
    part('岗位', [post.title]),
    post.occupationName && post.occupationName !== post.title ? part('职业', [post.occupationName]) : '',
    part('技能要求', post.requiredSkills),
    part('证书要求', post.requiredCertificates),
    clean(post.description),
  ].join('');
}

export function personEmbeddingText(person: PersonTextInput): string {
  return [
    RETRIEVAL_PREFIX,
    part('求职意向', person.desiredOccupationNames),
    part('技能', person.skills),
    part('证书', person.certificates),
    person.workHistory.trim() ? `工作经历：${clean(person.workHistory)}` : '',
  ].join('');
}

/** The content hash stored with an embedding (and carried by `embed` job payloads). */
export const embeddingTextHash = (text: string): string => sha256Hex(text);
