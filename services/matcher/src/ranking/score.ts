import { areaContaining, isAwayFromHome, reachOf } from './location';
import { type MatchContext, type MatchPerson, type MatchPost, type Reason, reason } from './types';
import { type Component, neutral, occupationCredit, semanticFloor, weights } from './weights';

export interface ScoreContext extends MatchContext {
  /** Skills and certificates the vocabulary ties to an occupation (labels), empty when none. */
  typicalItems(occupationCode: string): ReadonlySet<string>;
}

export interface Scored {
  score: number;
  components: Record<Component, number>;
  reasons: Reason[];
}

interface Part {
  value: number;
  reasons: Reason[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export function semanticPart(cosine: number): Part {
  return { value: clamp01((cosine - semanticFloor) / (1 - semanticFloor)), reasons: [] };
}

const minorOf = (code: string) => code.split('-').slice(0, 3).join('-');
const middleOf = (code: string) => code.split('-').slice(0, 2).join('-');

export function occupationPart(person: MatchPerson, post: MatchPost, ctx: MatchContext): Part {
  const code = post.occupationCode;
  if (code === null || person.desiredOccupations.length === 0) return { value: 0, reasons: [] };
  const name = ctx.labels.occupation(code);
  if (person.desiredOccupations.includes(code)) {
    return { value: occupationCredit.code, reasons: [reason('occupation', true, `求职意向对口：${name}`)] };
  }
  if (person.desiredOccupations.some((d) => minorOf(d) === minorOf(code))) {
    return { value: occupationCredit.minor, reasons: [reason('occupation', true, `同类职业：${name}`)] };
  }
  if (person.desiredOccupations.some((d) => middleOf(d) === middleOf(code))) {
    return { value: occupationCredit.middle, reasons: [reason('occupation', true, `相近职业：${name}`)] };
  }
  return { value: 0, reasons: [reason('occupation', false, `非求职意向职业：${name}`)] };
}

/** Required items decide the hard rules; here required and typical items both count toward the overlap. */
export function itemsPart(person: MatchPerson, post: MatchPost, ctx: ScoreContext): Part {
  const typical = post.occupationCode ? ctx.typicalItems(post.occupationCode) : new Set<string>();
  const wanted = new Set([...post.requiredCertificates, ...post.requiredSkills, ...typical]);
  if (wanted.size === 0) return { value: 0, reasons: [] };
  const certs = new Set(person.certificates);
  const skills = new Set(person.skills);
  const reasons: Reason[] = [];
  let held = 0;
  for (const item of wanted) {
    if (certs.has(item)) reasons.push(reason('items', true, `持${item}`));
    else if (skills.has(item)) reasons.push(reason('items', true, `会${item}`));
    else continue;
    held++;
  }
  return { value: held / wanted.size, reasons };
}

export function locationPart(person: MatchPerson, post: MatchPost, ctx: MatchContext): Part {
  const reach = reachOf(person);
  const area = areaContaining(reach, post.regionCode);
  if (area === undefined) return { value: 0, reasons: [] };
  const near = !isAwayFromHome(person, post.regionCode);
  if (area === 'anywhere') {
    return near
      ? { value: 1, reasons: [reason('location', true, `离家近（${ctx.labels.region(post.regionCode)}）`)] }
      : {
          value: neutral,
          reasons: [reason('location', true, `愿意外出务工（${ctx.labels.region(post.regionCode)}）`)],
        };
  }
  if (reach.kind === 'listed') {
    // The first region a person names is the one they want most.
    const first = reach.areas.indexOf(area) === 0;
    return {
      value: first ? 1 : 0.8,
      reasons: [reason('location', true, `愿意去${ctx.labels.region(area)}`)],
    };
  }
  return { value: 1, reasons: [reason('location', true, `离家近（${ctx.labels.region(post.regionCode)}）`)] };
}

const payText = (post: MatchPost) =>
  post.payMin !== null && post.payMax !== null && post.payMax !== post.payMin
    ? `${post.payMin}–${post.payMax}元`
    : `${post.payMax ?? post.payMin}元`;

export function payPart(person: MatchPerson, post: MatchPost): Part {
  const top = post.payMax ?? post.payMin;
  if (top === null) return { value: neutral, reasons: [] };
  const expected = person.expectedPayMin;
  if (expected === null || expected <= 0) return { value: neutral, reasons: [] };
  if (top >= expected) {
    return { value: 1, reasons: [reason('pay', true, `月薪${payText(post)}，达到期望${expected}元`)] };
  }
  return {
    value: clamp01(top / expected) * neutral,
    reasons: [reason('pay', false, `月薪${payText(post)}，低于期望${expected}元`)],
  };
}

/** Matters only when the post means moving away from home. */
export function accommodationPart(person: MatchPerson, post: MatchPost): Part {
  if (!isAwayFromHome(person, post.regionCode)) return { value: neutral, reasons: [] };
  if (!post.accommodation) return { value: 0, reasons: [reason('accommodation', false, '异地岗位不包住')] };
  return {
    value: post.meals ? 1 : 0.8,
    reasons: [reason('accommodation', true, post.meals ? '包吃住' : '包住')],
  };
}

export function scorePair(person: MatchPerson, post: MatchPost, cosine: number, ctx: ScoreContext): Scored {
  const parts: Record<Component, Part> = {
    semantic: semanticPart(cosine),
    occupation: occupationPart(person, post, ctx),
    items: itemsPart(person, post, ctx),
    location: locationPart(person, post, ctx),
    pay: payPart(person, post),
    accommodation: accommodationPart(person, post),
  };
  let score = 0;
  const components = {} as Record<Component, number>;
  for (const key of Object.keys(weights) as Component[]) {
    components[key] = parts[key].value;
    score += weights[key] * parts[key].value;
  }
  return { score, components, reasons: Object.values(parts).flatMap((p) => p.reasons) };
}
