import type { personConsents } from '../db/schema';
import { addDays, chinaTime } from './calendar';
import type { Random } from './random';

type ConsentRow = typeof personConsents.$inferInsert;

/**
 * The consent history for 向用人单位推荐: most people sign at registration, some refuse, a few never get asked,
 * and a few who signed withdraw later (the latest record decides).
 */
export function consentHistory(
  rng: Random,
  personId: string,
  registered: string,
  referenceDate: string,
  index: number,
): ConsentRow[] {
  const r = rng.next();
  if (r >= 0.92) return [];
  const signedOn = addDays(registered, rng.int(0, 7));
  const signed = signedOn > referenceDate ? referenceDate : signedOn;
  const evidence = `档案号${signed.slice(0, 4)}-${String(index + 1).padStart(6, '0')}`;
  const first: ConsentRow = {
    id: rng.uuid(),
    personId,
    purpose: 'employer_matching',
    granted: r < 0.86,
    recordedAt: chinaTime(signed, rng.int(9 * 60, 17 * 60)),
    recordedBy: null,
    evidence,
  };
  if (!first.granted || !rng.chance(0.06)) return [first];
  const withdrawnOn = addDays(signed, rng.int(10, 120));
  if (withdrawnOn >= referenceDate) return [first];
  return [
    first,
    {
      id: rng.uuid(),
      personId,
      purpose: 'employer_matching',
      granted: false,
      recordedAt: chinaTime(withdrawnOn, rng.int(9 * 60, 17 * 60)),
      recordedBy: null,
      evidence: `${evidence}（撤回）`,
    },
  ];
}
