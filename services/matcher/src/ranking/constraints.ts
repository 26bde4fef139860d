/**
 * The hard rules. Each is a pure function of one person, one post and the context, returning whether the pair
 * may be shown and why, in Chinese. SQL filters in retrieval are only an optimisation: these are the truth,
 * and every recommended pair passes through all of them.
 */
import {
  educationLabels,
  educationRank,
  fairChanceCategories,
  genderLabels,
} from '@qihang/shared/domain/index';
import { areaContaining, reachOf } from './location';
import type { MatchContext, MatchPerson, MatchPost } from './types';

export type RuleName =
  | 'postOpen'
  | 'location'
  | 'age'
  | 'certificates'
  | 'skills'
  | 'education'
  | 'fairChance'
  | 'consent'
  | 'seeking'
  | 'availability';

export interface RuleResult {
  rule: RuleName;
  ok: boolean;
  /** Empty when the rule has nothing to say about this pair (e.g. no age limit). */
  reason: string;
  /** Required items the person lacks (certificates and skills rules). */
  missing?: string[];
  /** Passes, but someone should look (availability). */
  flag?: boolean;
}

type Rule = (person: MatchPerson, post: MatchPost, ctx: MatchContext) => RuleResult;

export const postOpen: Rule = (_person, post, ctx) => {
  if (post.status !== 'open') return { rule: 'postOpen', ok: false, reason: '岗位已停止招聘' };
  if (post.filledCount >= post.headcount) return { rule: 'postOpen', ok: false, reason: '岗位已招满' };
  if (post.validTo !== null && post.validTo < ctx.today) {
    return { rule: 'postOpen', ok: false, reason: `岗位已于${post.validTo}截止` };
  }
  return { rule: 'postOpen', ok: true, reason: `尚缺${post.headcount - post.filledCount}人` };
};

export const location: Rule = (person, post, ctx) => {
  const reach = reachOf(person);
  const area = areaContaining(reach, post.regionCode);
  const where = ctx.labels.region(post.regionCode);
  if (area === undefined) {
    const why = reach.kind === 'local' ? '需就近就业' : reach.kind === 'home' ? '不愿外出' : '不在意向地区';
    return { rule: 'location', ok: false, reason: `岗位在${where}，${why}` };
  }
  if (area === 'anywhere') return { rule: 'location', ok: true, reason: `愿意外出务工（${where}）` };
  if (reach.kind === 'listed')
    return { rule: 'location', ok: true, reason: `愿意去${ctx.labels.region(area)}` };
  return { rule: 'location', ok: true, reason: `离家近（${where}）` };
};

/** The upper age limit for this person: per-gender limits apply on top of the general one; unknown gender gets the stricter. */
export function ageLimit(
  person: Pick<MatchPerson, 'gender'>,
  post: Pick<MatchPost, 'ageMax' | 'ageMaxMale' | 'ageMaxFemale'>,
): { max: number | null; label: string } {
  const byGender =
    person.gender === 'male'
      ? post.ageMaxMale
      : person.gender === 'female'
        ? post.ageMaxFemale
        : ([post.ageMaxMale, post.ageMaxFemale].filter((v) => v !== null).sort((a, b) => a - b)[0] ?? null);
  const limits = [post.ageMax, byGender].filter((v): v is number => v !== null);
  const max = limits.length > 0 ? Math.min(...limits) : null;
  const label = byGender !== null && max === byGender && person.gender ? genderLabels[person.gender] : '';
  return { max, label };
}

export const age: Rule = (person, post, ctx) => {
  const { max, label } = ageLimit(person, post);
  if (post.ageMin === null && max === null) return { rule: 'age', ok: true, reason: '' };
  // A limit that cannot be checked is not waved through.
  if (person.birthYear === null) return { rule: 'age', ok: false, reason: '出生年份不详，无法核对年龄要求' };
  const years = Number(ctx.today.slice(0, 4)) - person.birthYear;
  if (post.ageMin !== null && years < post.ageMin) {
    return { rule: 'age', ok: false, reason: `${years}岁，低于${post.ageMin}岁下限` };
  }
  if (max !== null && years > max)
    return { rule: 'age', ok: false, reason: `${years}岁，超过${label}${max}岁上限` };
  return { rule: 'age', ok: true, reason: `${years}岁，符合年龄要求` };
};

const missingItems = (required: readonly string[], held: readonly string[]) => {
  const have = new Set(held);
  return required.filter((r) => !have.has(r));
};

export const certificates: Rule = (person, post) => {
  if (post.requiredCertificates.length === 0) return { rule: 'certificates', ok: true, reason: '' };
  const missing = missingItems(post.requiredCertificates, person.certificates);
  if (missing.length > 0) {
    return { rule: 'certificates', ok: false, reason: missing.map((m) => `缺少${m}`).join('、'), missing };
  }
  return {
    rule: 'certificates',
    ok: true,
    reason: post.requiredCertificates.map((c) => `持${c}`).join('、'),
  };
};

export const skills: Rule = (person, post) => {
  if (post.requiredSkills.length === 0) return { rule: 'skills', ok: true, reason: '' };
  const missing = missingItems(post.requiredSkills, person.skills);
  if (missing.length > 0) {
    return { rule: 'skills', ok: false, reason: missing.map((m) => `不会${m}`).join('、'), missing };
  }
  return { rule: 'skills', ok: true, reason: post.requiredSkills.map((s) => `会${s}`).join('、') };
};

export const education: Rule = (person, post) => {
  if (post.minEducation === null) return { rule: 'education', ok: true, reason: '' };
  const required = educationLabels[post.minEducation];
  if (person.education === null)
    return { rule: 'education', ok: false, reason: `学历不详，岗位要求${required}及以上` };
  const ok = educationRank(person.education) >= educationRank(post.minEducation);
  const reason = ok
    ? `${educationLabels[person.education]}学历，符合${required}及以上`
    : `学历低于${required}`;
  return { rule: 'education', ok, reason };
};

/** Needs-fair-chance people are offered only to 爱心企业. The reason never names the category. */
export const fairChance: Rule = (person, post) => {
  const needs = person.statusCategory !== null && fairChanceCategories.includes(person.statusCategory);
  if (!needs) return { rule: 'fairChance', ok: true, reason: '' };
  return post.employerFairChance
    ? { rule: 'fairChance', ok: true, reason: '爱心企业' }
    : { rule: 'fairChance', ok: false, reason: '用人单位不是爱心企业' };
};

/** Only for what employers see: without recorded consent a person is never shown to them. */
export const consent: Rule = (person) =>
  person.employerMatchingConsent
    ? { rule: 'consent', ok: true, reason: '' }
    : { rule: 'consent', ok: false, reason: '未同意向用人单位推荐' };

/** Only for what employers see: people placed, paused or erased are not on shortlists. */
export const seeking: Rule = (person) =>
  person.status === 'active'
    ? { rule: 'seeking', ok: true, reason: '' }
    : { rule: 'seeking', ok: false, reason: '当前不在求职' };

/** Available after the post closes: excluded. Available after it starts: shown, but flagged. */
export const availability: Rule = (person, post, ctx) => {
  const from = person.availableFrom;
  if (from === null || from <= ctx.today) return { rule: 'availability', ok: true, reason: '' };
  if (post.validTo !== null && from > post.validTo) {
    return { rule: 'availability', ok: false, reason: `${from}起可到岗，岗位${post.validTo}截止` };
  }
  const start = post.validFrom ?? ctx.today;
  if (from > start) {
    return {
      rule: 'availability',
      ok: true,
      flag: true,
      reason: `${from}起可到岗，晚于岗位开始日期${start}`,
    };
  }
  return { rule: 'availability', ok: true, reason: `${from}起可到岗` };
};

export type Direction = 'postsForPerson' | 'peopleForPost';

const common: Rule[] = [postOpen, location, age, certificates, skills, education, fairChance, availability];
const rulesFor: Record<Direction, Rule[]> = {
  postsForPerson: common,
  peopleForPost: [...common, consent, seeking],
};

export interface Verdict {
  ok: boolean;
  results: RuleResult[];
  failed: RuleResult[];
}

export function checkPair(
  person: MatchPerson,
  post: MatchPost,
  ctx: MatchContext,
  direction: Direction,
): Verdict {
  const results = rulesFor[direction].map((rule) => rule(person, post, ctx));
  const failed = results.filter((r) => !r.ok);
  return { ok: failed.length === 0, results, failed };
}
