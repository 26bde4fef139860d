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

/** The reasons of one pair: failed rules (✗), flags (⚠), the rules worth saying, then the score's reasons. */
export function explain(verdict: Verdict, scored: Scored, audience: Audience): Reason[] {
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
