import { describe, expect, it } from 'vitest';
import { checkPair } from '../../src/ranking/constraints';
import { type PersonRow, personFiltersFor } from '../../src/retrieval/filters';
import { ctx, person, post } from '../support';

const row = (over: Partial<PersonRow>): PersonRow => ({
  status: 'active',
  consent: true,
  reachCodes: ['370100'],
  certificates: [],
  skills: [],
  needsFairChance: false,
  education: null,
  birthYear: 1990,
  gender: 'male',
  availableFrom: null,
  ...over,
});

describe('filters are never stricter than the rules', () => {
  it('an unknown birth year fails only a post with an age limit for that person’s gender', () => {
    const onlyMen = post({ ageMaxMale: 40 });
    const filter = personFiltersFor(onlyMen, '2026-03-01');
    const cases = [
      { gender: 'female' as const, passes: true },
      { gender: 'male' as const, passes: false },
      // An unknown gender gets the stricter per-gender limit: the men's.
      { gender: null, passes: false },
    ];
    for (const { gender, passes } of cases) {
      const rule = checkPair(
        person({ gender, birthYear: null, statusCategory: null }),
        onlyMen,
        ctx(),
        'peopleForPost',
      );
      expect(rule.failed.some((f) => f.rule === 'age')).toBe(!passes);
      expect(filter.test(row({ gender, birthYear: null }))).toBe(passes);
    }
  });
});
