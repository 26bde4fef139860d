import { describe, expect, it } from 'vitest';
import {
  age,
  availability,
  certificates,
  checkPair,
  consent,
  education,
  fairChance,
  location,
  postOpen,
  seeking,
  skills,
} from '../../src/ranking/constraints';
import { ctx, person, post } from '../support';

const c = ctx();

describe('postOpen', () => {
  it('passes an open post with headcount left and says how many', () => {
    expect(postOpen(person(), post({ headcount: 5, filledCount: 2 }), c)).toMatchObject({
      ok: true,
      reason: '尚缺3人',
    });
  });
  it('fails a full, a closed and an expired post', () => {
    expect(postOpen(person(), post({ headcount: 3, filledCount: 3 }), c)).toMatchObject({
      ok: false,
      reason: '岗位已招满',
    });
    expect(postOpen(person(), post({ status: 'closed' }), c).ok).toBe(false);
    expect(postOpen(person(), post({ status: 'withdrawn' }), c).ok).toBe(false);
    expect(postOpen(person(), post({ validTo: '2026-02-28' }), c)).toMatchObject({
      ok: false,
      reason: '岗位已于2026-02-28截止',
    });
    expect(postOpen(person(), post({ validTo: '2026-03-01' }), c).ok).toBe(true);
  });
});

describe('location', () => {
  it('a person willing to go to 济南市 accepts 历下区, not 青岛', () => {
    expect(location(person(), post({ regionCode: '370102' }), c)).toMatchObject({
      ok: true,
      reason: '愿意去济南市',
    });
    expect(location(person(), post({ regionCode: '370211' }), c).ok).toBe(false);
  });
  it('a province accepts all its cities', () => {
    expect(
      location(person({ acceptableRegionCodes: ['370000'] }), post({ regionCode: '370211' }), c).ok,
    ).toBe(true);
  });
  it('must-stay-local keeps to the origin county even when regions are listed', () => {
    const p = person({ mustStayLocalReason: 'family_care', acceptableRegionCodes: ['370100'] });
    expect(location(p, post({ regionCode: '433122' }), c).ok).toBe(true);
    expect(location(p, post({ regionCode: '370102' }), c)).toMatchObject({
      ok: false,
      reason: '岗位在历下区，需就近就业',
    });
    expect(location(p, post({ regionCode: '433101' }), c).ok).toBe(false);
  });
  it('no list: relocators go anywhere, others stay in their home city', () => {
    const stay = person({ acceptableRegionCodes: [], willingToRelocate: false });
    expect(location(stay, post({ regionCode: '433101' }), c).ok).toBe(true);
    expect(location(stay, post({ regionCode: '370102' }), c).ok).toBe(false);
    expect(location({ ...stay, willingToRelocate: true }, post({ regionCode: '370102' }), c).ok).toBe(true);
  });
});

describe('age', () => {
  it('checks the range against the age this year', () => {
    expect(age(person({ birthYear: 1971 }), post({ ageMax: 55 }), c)).toMatchObject({ ok: true });
    expect(age(person({ birthYear: 1970 }), post({ ageMax: 55 }), c)).toMatchObject({
      ok: false,
      reason: '56岁，超过55岁上限',
    });
    expect(age(person({ birthYear: 2010 }), post({ ageMin: 18 }), c)).toMatchObject({
      ok: false,
      reason: '16岁，低于18岁下限',
    });
  });
  it('applies the per-gender limit, and the stricter one when gender is unknown', () => {
    const p = post({ ageMax: 60, ageMaxMale: 55, ageMaxFemale: 50 });
    expect(age(person({ birthYear: 1973, gender: 'male' }), p, c).ok).toBe(true);
    expect(age(person({ birthYear: 1973, gender: 'female' }), p, c)).toMatchObject({
      ok: false,
      reason: '53岁，超过女50岁上限',
    });
    expect(age(person({ birthYear: 1973, gender: null }), p, c).ok).toBe(false);
  });
  it('does not wave through an unknown birth year when there is a limit', () => {
    expect(age(person({ birthYear: null }), post({ ageMax: 50 }), c).ok).toBe(false);
    expect(age(person({ birthYear: null }), post(), c)).toMatchObject({ ok: true, reason: '' });
  });
});

describe('certificates and skills', () => {
  it('names each missing certificate', () => {
    const r = certificates(
      person({ certificates: ['焊工证'] }),
      post({ requiredCertificates: ['焊工证', '叉车证'] }),
      c,
    );
    expect(r).toMatchObject({ ok: false, reason: '缺少叉车证', missing: ['叉车证'] });
    expect(certificates(person(), post({ requiredCertificates: ['焊工证'] }), c)).toMatchObject({
      ok: true,
      reason: '持焊工证',
    });
  });
  it('names each missing skill', () => {
    expect(skills(person({ skills: [] }), post({ requiredSkills: ['电焊'] }), c)).toMatchObject({
      ok: false,
      missing: ['电焊'],
    });
    expect(skills(person(), post({ requiredSkills: ['电焊'] }), c).ok).toBe(true);
  });
});

describe('education', () => {
  it('needs at least the minimum, and a known education to check it', () => {
    expect(education(person({ education: 'junior' }), post({ minEducation: 'senior' }), c).ok).toBe(false);
    expect(education(person({ education: 'vocational' }), post({ minEducation: 'senior' }), c).ok).toBe(true);
    expect(education(person({ education: null }), post({ minEducation: 'primary' }), c).ok).toBe(false);
    expect(education(person({ education: null }), post(), c).ok).toBe(true);
  });
});

describe('fairChance', () => {
  it('offers people whose category needs it only fair-chance employers', () => {
    for (const category of ['compulsory_rehab', 'community_rehab', 'released_prisoner'] as const) {
      expect(
        fairChance(person({ statusCategory: category }), post({ employerFairChance: false }), c).ok,
      ).toBe(false);
      expect(fairChance(person({ statusCategory: category }), post({ employerFairChance: true }), c).ok).toBe(
        true,
      );
    }
    expect(
      fairChance(person({ statusCategory: 'rural_poor' }), post({ employerFairChance: false }), c).ok,
    ).toBe(true);
  });
  it('never names the category in its reason', () => {
    const r = fairChance(
      person({ statusCategory: 'released_prisoner' }),
      post({ employerFairChance: false }),
      c,
    );
    expect(r.reason).not.toMatch(/刑满|戒毒|释放/);
  });
});

describe('consent and seeking (employer view only)', () => {
  it('drops people without consent or not seeking from what employers see', () => {
    const p = post();
    expect(consent(person({ employerMatchingConsent: false }), p, c).ok).toBe(false);
    expect(seeking(person({ status: 'placed' }), p, c).ok).toBe(false);
    expect(checkPair(person({ employerMatchingConsent: false }), p, c, 'peopleForPost').ok).toBe(false);
    expect(checkPair(person({ employerMatchingConsent: false }), p, c, 'postsForPerson').ok).toBe(true);
  });
});

describe('availability', () => {
  it('flags a start after the post begins and excludes one after it closes', () => {
    const p = post({ validFrom: '2026-03-10', validTo: '2026-04-30' });
    expect(availability(person({ availableFrom: '2026-03-05' }), p, c)).toMatchObject({ ok: true });
    expect(availability(person({ availableFrom: '2026-03-05' }), p, c).flag).toBeUndefined();
    expect(availability(person({ availableFrom: '2026-03-20' }), p, c)).toMatchObject({
      ok: true,
      flag: true,
    });
    expect(availability(person({ availableFrom: '2026-05-01' }), p, c).ok).toBe(false);
  });
});

describe('checkPair', () => {
  it('lists every failed rule', () => {
    const v = checkPair(
      person({ certificates: [], education: 'primary' }),
      post({ requiredCertificates: ['电工证'], minEducation: 'senior', regionCode: '370211' }),
      c,
      'postsForPerson',
    );
    expect(v.failed.map((f) => f.rule).sort()).toEqual(['certificates', 'education', 'location']);
  });
});
