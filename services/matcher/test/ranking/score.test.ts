import { describe, expect, it } from 'vitest';
import { checkPair } from '../../src/ranking/constraints';
import { explain } from '../../src/ranking/explain';
import {
  accommodationPart,
  itemsPart,
  locationPart,
  occupationPart,
  payPart,
  scorePair,
  semanticPart,
} from '../../src/ranking/score';
import { weights } from '../../src/ranking/weights';
import { ctx, person, post } from '../support';

const c = ctx({ '6-18-02-04': ['焊工证', '电焊', '气割'] });

describe('scorer', () => {
  it('ranks the same occupation above the same minor class above the same middle class', () => {
    const p = person({ desiredOccupations: ['6-18-02-04'] });
    const same = occupationPart(p, post({ occupationCode: '6-18-02-04' }), c).value;
    const minor = occupationPart(p, post({ occupationCode: '6-18-02-01' }), c).value;
    const middle = occupationPart(p, post({ occupationCode: '6-18-01-01' }), c).value;
    const other = occupationPart(p, post({ occupationCode: '6-30-05-01' }), c).value;
    expect(same).toBeGreaterThan(minor);
    expect(minor).toBeGreaterThan(middle);
    expect(middle).toBeGreaterThan(other);
  });

  it('counts held items among the required and typical ones, with 持/会 reasons', () => {
    const part = itemsPart(person({ certificates: ['焊工证'], skills: ['电焊'] }), post(), c);
    expect(part.value).toBeCloseTo(2 / 3);
    expect(part.reasons.map((r) => r.text)).toEqual(['持焊工证 ✓', '会电焊 ✓']);
  });

  it('prefers the first region a person names, and home over merely anywhere', () => {
    const listed = person({ acceptableRegionCodes: ['370100', '370200'] });
    expect(locationPart(listed, post({ regionCode: '370102' }), c).value).toBeGreaterThan(
      locationPart(listed, post({ regionCode: '370211' }), c).value,
    );
    const anywhere = person({
      acceptableRegionCodes: [],
      willingToRelocate: true,
      originRegionCode: '433122',
    });
    expect(locationPart(anywhere, post({ regionCode: '433122' }), c).value).toBeGreaterThan(
      locationPart(anywhere, post({ regionCode: '370102' }), c).value,
    );
  });

  it('rewards pay that meets the expectation and says when it does not', () => {
    const p = person({ expectedPayMin: 6000 });
    expect(payPart(p, post({ payMin: 5000, payMax: 7000 })).reasons[0]?.text).toBe(
      '月薪5000–7000元，达到期望6000元 ✓',
    );
    const low = payPart(p, post({ payMin: 3000, payMax: 4000 }));
    expect(low.reasons[0]?.text).toBe('月薪3000–4000元，低于期望6000元 ✗');
    expect(low.value).toBeLessThan(payPart(person({ expectedPayMin: null }), post()).value);
  });

  it('counts accommodation only for people who would move', () => {
    const mover = person({ originRegionCode: '433122' });
    expect(accommodationPart(mover, post({ accommodation: true, meals: true })).reasons[0]?.text).toBe(
      '包吃住 ✓',
    );
    expect(accommodationPart(mover, post({ accommodation: false })).reasons[0]?.text).toBe(
      '异地岗位不包住 ✗',
    );
    const local = person({ originRegionCode: '370102' });
    expect(accommodationPart(local, post({ accommodation: false })).reasons).toEqual([]);
  });

  it('maps low cosine to no semantic credit', () => {
    expect(semanticPart(0.2).value).toBe(0);
    expect(semanticPart(1).value).toBe(1);
  });

  it('is the weighted sum of its components, with weights summing to 1', () => {
    expect(Object.values(weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    const s = scorePair(person(), post({ accommodation: true }), 0.8, c);
    const sum = Object.entries(s.components).reduce(
      (a, [k, v]) => a + weights[k as keyof typeof weights] * v,
      0,
    );
    expect(s.score).toBeCloseTo(sum);
    expect(s.score).toBeGreaterThan(
      scorePair(person(), post({ occupationCode: '6-30-05-01' }), 0.8, c).score,
    );
  });
});

describe('explanations', () => {
  it('say why, in Chinese, for the person', () => {
    const p = person({ statusCategory: 'released_prisoner' });
    const q = post({ requiredCertificates: ['焊工证'], ageMax: 55 });
    const texts = explain(checkPair(p, q, c, 'postsForPerson'), scorePair(p, q, 0.8, c), 'person').map(
      (r) => r.text,
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        '持焊工证 ✓',
        '愿意去济南市 ✓',
        '爱心企业 ✓',
        '41岁，符合年龄要求 ✓',
        '求职意向对口：焊工 ✓',
      ]),
    );
  });

  it('name the missing certificate of a near miss', () => {
    const q = post({ requiredCertificates: ['叉车证'] });
    const texts = explain(
      checkPair(person(), q, c, 'postsForPerson'),
      scorePair(person(), q, 0.5, c),
      'person',
    );
    expect(texts[0]).toMatchObject({ ok: false, text: '缺少叉车证 ✗' });
  });

  it('never tell an employer anything that hints at the status category', () => {
    const p = person({ statusCategory: 'compulsory_rehab' });
    const texts = explain(checkPair(p, post(), c, 'peopleForPost'), scorePair(p, post(), 0.8, c), 'employer');
    expect(texts.map((r) => r.factor)).not.toContain('fairChance');
    expect(texts.map((r) => r.text).join('')).not.toMatch(/爱心|戒毒|刑满/);
  });

  it('never tell an employer more than the profile does: no exact age, no home county', () => {
    const local = person({ birthYear: 1985, mustStayLocalReason: 'family_care' });
    const near = post({ regionCode: '433122', ageMax: 50 });
    const forEmployer = explain(
      checkPair(local, near, c, 'peopleForPost'),
      scorePair(local, near, 0.8, c),
      'employer',
    )
      .map((r) => r.text)
      .join(' ');
    expect(forEmployer).toContain('符合年龄要求 ✓');
    expect(forEmployer).not.toMatch(/\d+岁|泸溪|433122/);
    const forPerson = explain(
      checkPair(local, near, c, 'peopleForPost'),
      scorePair(local, near, 0.8, c),
      'person',
    )
      .map((r) => r.text)
      .join(' ');
    expect(forPerson).toMatch(/\d+岁，符合年龄要求/);
    expect(forPerson).toMatch(/离家近（.+）/);
    expect(forEmployer).toContain('离家近 ✓');
  });
});
