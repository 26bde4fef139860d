import type { postSources, posts } from '../db/schema';
import type { Education, PostStatus } from '../domain';
import { postContentHash } from '../domain/post-content';
import { builtinOccupations } from '../reference/occupations-builtin';
import { addDays, chinaTime } from './calendar';
import type { DemoEmployer } from './employers';
import { drawPay } from './pay';
import { type OccupationProfile, profileOf } from './profiles';
import { type Random, weightedTable } from './random';
import { sectorOf } from './sectors';

export type PostRow = typeof posts.$inferInsert;
export type PostSourceRow = typeof postSources.$inferInsert;

export interface DemoPost {
  row: PostRow;
  source: PostSourceRow;
}

/** 焊工's definition "使用电弧焊…连接或切割金属工件的人员。" becomes the duty "负责使用电弧焊…连接或切割金属工件". */
const duties = new Map(
  builtinOccupations.map((o) => [
    o.code,
    `负责${(o.definition ?? '').replace(/的[^的]*人员。?$/, '').replace(/^(从事|负责)/, '')}`,
  ]),
);

const headcounts = weightedTable<[number, number]>([
  [[1, 3], 50],
  [[4, 10], 35],
  [[11, 20], 15],
]);

interface Ages {
  ageMin: number | null;
  ageMax: number | null;
  ageMaxMale: number | null;
  ageMaxFemale: number | null;
}

function drawAges(rng: Random, profile: OccupationProfile, local: boolean): Ages {
  const cap = local ? Math.max(profile.ageMax, 60) : profile.ageMax;
  const r = rng.next();
  if (r < 0.15) return { ageMin: null, ageMax: null, ageMaxMale: null, ageMaxFemale: null };
  if (r < 0.25 && cap >= 45) {
    // 男55女50岁以下: the women's limit is five years lower, as posts that state both usually have it.
    return { ageMin: 18, ageMax: cap, ageMaxMale: cap, ageMaxFemale: cap - 5 };
  }
  const ageMax = Math.min(65, cap + rng.pick([-5, 0, 0, 0, 5]));
  return { ageMin: rng.pick([18, 18, 18, 20, 16, 22]), ageMax, ageMaxMale: null, ageMaxFemale: null };
}

function drawEducation(rng: Random, profile: OccupationProfile): Education | null {
  if (profile.education && rng.chance(0.6)) return profile.education;
  return rng.chance(0.08) ? 'junior' : null;
}

function drawStatus(rng: Random, validTo: string, referenceDate: string, full: boolean): PostStatus {
  if (validTo < referenceDate) return rng.chance(0.8) ? 'closed' : 'open';
  if (full && rng.chance(0.5)) return 'closed';
  const r = rng.next();
  return r < 0.92 ? 'open' : r < 0.97 ? 'closed' : 'withdrawn';
}

function describe(rng: Random, row: PostRow, profile: OccupationProfile): string {
  const parts = [duties.get(profile.code) ?? `从事${row.title}工作`];
  const certs = row.requiredCertificates ?? [];
  const skills = row.requiredSkills ?? [];
  if (certs.length > 0) parts.push(`需持${certs.join('、')}`);
  if (skills.length > 0) parts.push(`${rng.pick(['熟悉', '会', '有经验者优先：'])}${skills.join('、')}`);
  if (row.accommodation) parts.push(row.meals ? '包吃住' : '提供宿舍');
  else if (row.meals) parts.push('提供工作餐');
  if (rng.chance(0.5)) parts.push(rng.pick(['购买五险', '缴纳社保', '五险一金', '签订劳动合同']));
  if (rng.chance(0.3)) parts.push(rng.pick(['长期稳定', '可带薪培训', '接受新手，有师傅带', '按时发放工资']));
  return `${parts.join('；')}。`;
}

export interface PostContext {
  seed: string | number;
  referenceDate: string;
}

/** The `index`-th demo post, offered by `employer`. */
export function generatePost(rng: Random, index: number, employer: DemoEmployer, ctx: PostContext): DemoPost {
  const sector = sectorOf(employer.sector);
  const profile = profileOf(rng.weighted(sector.occupations));
  const [hcLo, hcHi] = employer.sector === 'public' ? [1, 5] : rng.weighted(headcounts);
  const headcount = rng.int(hcLo, hcHi);
  const fill = rng.next();
  const filledCount = fill < 0.6 ? 0 : fill < 0.9 ? rng.int(0, headcount - 1) : headcount;
  const validFrom = addDays(ctx.referenceDate, -rng.int(0, 120));
  const validTo = addDays(validFrom, rng.pick([60, 90, 90, 180, 180, 365]));
  // 公益性岗位 are near home: no dormitory.
  const accommodation = employer.sector !== 'public' && rng.chance(profile.accommodation);
  const createdAt = chinaTime(validFrom, rng.int(8 * 60, 18 * 60));
  const row: PostRow = {
    id: rng.uuid(),
    employerId: employer.row.id as string,
    occupationCode: profile.code,
    occupationConfidence: 1,
    title: rng.pick(profile.titles),
    description: '',
    requiredSkills: rng.chance(0.6) ? rng.sample(profile.skills, rng.int(1, 2)) : [],
    requiredCertificates:
      profile.certificates.length > 0 && rng.chance(profile.certificateRate) ? [...profile.certificates] : [],
    ...drawAges(rng, profile, employer.local),
    minEducation: drawEducation(rng, profile),
    headcount,
    filledCount,
    ...drawPay(rng, profile, employer.payFactor),
    accommodation,
    meals: accommodation ? rng.chance(0.85) : rng.chance(0.3),
    regionCode: rng.chance(0.85) ? employer.row.regionCode : rng.weighted(employer.districts),
    postType: sector.seasonalShare > 0 && rng.chance(sector.seasonalShare) ? 'seasonal' : sector.postType,
    status: drawStatus(rng, validTo, ctx.referenceDate, filledCount >= headcount),
    validFrom,
    validTo,
    contentHash: '',
    version: 1,
    createdAt,
    updatedAt: createdAt,
  };
  row.description = describe(rng, row, profile);
  row.contentHash = postContentHash(row);
  return {
    row,
    source: {
      id: rng.uuid(),
      postId: row.id as string,
      source: 'demo',
      externalId: `demo-${ctx.seed}-post-${index}`,
      raw: { generator: 'qihang-demo', seed: ctx.seed, index },
      contentHash: row.contentHash,
      firstSeenAt: createdAt,
      lastSeenAt: createdAt,
    },
  };
}
