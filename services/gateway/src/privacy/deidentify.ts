import { createHmac } from 'node:crypto';
import { educationLevels } from '@qihang/shared/domain/index';
import { z } from 'zod';
import type { MatchReason } from '../ports';

/**
 * What an employer may learn about a candidate. The schema is the allow-list: the response serializer drops
 * every other key, so a name, phone, ID hash, status category or facility cannot reach an employer even if a
 * handler puts it in the object. Free text (work history) is left out too: it can name a prison workshop.
 */
export const reasonSchema = z
  .object({
    factor: z.string(),
    ok: z
      .boolean()
      .describe('false: a rule fails (✗); true: met (✓), or passes but needs a look (⚠ in the text)'),
    text: z.string(),
  })
  .meta({ id: 'MatchReason' });

export const candidateSchema = z
  .object({
    handle: z.string().describe('pseudonymous, stable for this candidate and this employer only'),
    score: z.number(),
    reasons: z.array(reasonSchema),
    skills: z.array(z.string()),
    certificates: z.array(z.string()),
    desiredOccupations: z.array(z.string()),
    education: z.enum(educationLevels).nullable(),
    ageBand: z.string().nullable().describe('e.g. 30-39岁'),
    availableFrom: z.string().nullable(),
    willingToRelocate: z.boolean(),
    originCity: z.string().nullable().describe('city of origin (never finer)'),
    contact: z
      .object({
        kind: z.literal('bureau'),
        regionCode: z.string(),
        name: z.string().describe('the employment bureau that arranges contact'),
        note: z.string(),
      })
      .describe('employers reach candidates only through the bureau, quoting the handle'),
  })
  .meta({ id: 'Candidate' });
export type Candidate = z.infer<typeof candidateSchema>;

/** Reasons that would hint at why a person is on the list (a fair-chance rule, a facility) are dropped. */
const revealing =
  /戒毒|强制隔离|社区康复|刑满|服刑|监狱|释放|吸毒|犯罪|前科|爱心企业|fair.?chance|facility|status/i;

export function safeReasons(reasons: readonly MatchReason[]): MatchReason[] {
  return reasons.filter((r) => !revealing.test(r.text) && !revealing.test(r.factor));
}

/** The handle: HMAC(key, person + employer) truncated, so two employers cannot link their candidates. */
export function candidateHandle(key: string, personId: string, employerId: string): string {
  const derived = createHmac('sha256', key).update('qihang-candidate-handle-v1').digest();
  return `c_${createHmac('sha256', derived).update(`${personId}:${employerId}`).digest('hex').slice(0, 20)}`;
}

export function ageBand(birthYear: number | null, today = new Date()): string | null {
  if (birthYear === null) return null;
  const age = today.getUTCFullYear() - birthYear;
  const lo = Math.floor(age / 10) * 10;
  return `${lo}-${lo + 9}岁`;
}

export interface CandidateSource {
  personId: string;
  score: number;
  reasons: readonly MatchReason[];
  skills: string[];
  certificates: string[];
  desiredOccupations: string[];
  education: Candidate['education'];
  birthYear: number | null;
  availableFrom: string | null;
  willingToRelocate: boolean;
  originRegionCode: string;
}

export function toCandidate(
  src: CandidateSource,
  ctx: { handleKey: string; employerId: string; cityName: (cityCode: string) => string | null },
): Candidate {
  const cityCode = `${src.originRegionCode.slice(0, 4)}00`;
  const city = ctx.cityName(cityCode);
  return {
    handle: candidateHandle(ctx.handleKey, src.personId, ctx.employerId),
    score: src.score,
    reasons: safeReasons(src.reasons),
    skills: src.skills,
    certificates: src.certificates,
    desiredOccupations: src.desiredOccupations,
    education: src.education,
    ageBand: ageBand(src.birthYear),
    availableFrom: src.availableFrom,
    willingToRelocate: src.willingToRelocate,
    originCity: city,
    contact: {
      kind: 'bureau',
      regionCode: cityCode,
      name: `${city ?? cityCode}人力资源和社会保障局`,
      note: '请联系该人社部门并提供候选人编号，由其征得本人同意后安排面试',
    },
  };
}
