import type { RuleName, Verdict } from './constraints';
import type { Scored } from './score';
import { type Reason, reason } from './types';

export type Audience = 'person' | 'employer';

/**
 * Rules whose passing reason adds something the score's reasons do not already say (location, certificates
 * and skills are said by the score as 愿意去… / 持… / 会…).
 */
const spokenRules: RuleName[] = ['postOpen', 'age', 'education', 'fairChance', 'availability'];

/** Never in front of an employer: they could reveal why a person is on the list. */
const hiddenFromEmployers: RuleName[] = ['fairChance', 'consent', 'seeking'];

/**
 * An employer sees an age band and an origin city, never finer: reasons must not say more (an exact age, the
 * person's home county).
 */
const forEmployer = (r: Reason): Reason => {
  if (r.factor === 'age') return reason('age', r.ok, r.ok ? '符合年龄要求' : '不符合年龄要求', r.flag);
  if (r.factor === 'location' && r.text.startsWith('离家近'))
    return reason('location', r.ok, '离家近', r.flag);
  return r;
};

/** The reasons of one pair: failed rules (✗), flags (⚠), the rules worth saying, then the score's reasons. */
export function explain(verdict: Verdict, scored: Scored, audience: Audience): Reason[] {
  const reasons = explainAll(verdict, scored, audience);
  return audience === 'employer' ? reasons.map(forEmployer) : reasons;
}

function explainAll(verdict: Verdict, scored: Scored, audience: Audience): Reason[] {
  const said = verdict.results.filter(
    (r) => r.reason && !(audience === 'employer' && hiddenFromEmployers.includes(r.rule)),
  );
  return [
    ...said.filter((r) => !r.ok).map((r) => reason(r.rule, false, r.reason)),
    ...said.filter((r) => r.ok && r.flag).map((r) => reason(r.rule, true, r.reason, true)),
    ...said
      .filter((r) => r.ok && !r.flag && spokenRules.includes(r.rule))
      .map((r) => reason(r.rule, true, r.reason)),
    ...scored.reasons,
  ];
}
