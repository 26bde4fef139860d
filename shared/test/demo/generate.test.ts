import { describe, expect, it } from 'vitest';
import { createDemo, generateDemo } from '../../src/demo';
import { fairChanceCategories } from '../../src/domain';
import { parsePay } from '../../src/normalize/pay';
import { idNumberHash, isValidIdNumber } from '../../src/privacy/id-number';
import { builtinOccupations } from '../../src/reference/occupations-builtin';
import { readRegions } from '../../src/reference/regions';
import { builtinVocabulary } from '../../src/reference/vocabulary-builtin';
import { contentHash } from '../../src/util/hash';

const KEY = 'test-id-hash-key-that-is-long-enough';
const options = { seed: 42, people: 200, posts: 100, idHashKey: KEY };
const demo = generateDemo(options);
const regionCodes = new Set(readRegions().map((r) => r.code));
const occupationCodes = new Set(builtinOccupations.map((o) => o.code));
const rows = {
  people: demo.people.map((p) => p.row),
  posts: demo.posts.map((p) => p.row),
};

describe('generateDemo', () => {
  it('gives identical output, ids and dates included, for the same seed', () => {
    const again = generateDemo(options);
    expect(again).toEqual(demo);
    expect(contentHash(again)).toBe(contentHash(demo));
  });

  it('gives different output for a different seed', () => {
    const other = generateDemo({ ...options, seed: 43 });
    expect(contentHash(other)).not.toBe(contentHash(demo));
    expect(other.people[0]?.row.id).not.toBe(demo.people[0]?.row.id);
  });

  it('gives the same rows whatever the batch size', () => {
    const stream = createDemo(options);
    const small = [...stream.peopleBatches(7)].flat();
    expect(small).toEqual(demo.people);
    expect([...stream.postBatches(13)].flat()).toEqual(demo.posts);
  });

  it('produces the counts asked for', () => {
    expect(demo.people).toHaveLength(200);
    expect(demo.posts).toHaveLength(100);
    expect(demo.employers.length).toBeGreaterThanOrEqual(5);
    expect(generateDemo({ seed: 1, people: 0, posts: 0 })).toMatchObject({
      people: [],
      posts: [],
      employers: [],
    });
  });

  it('uses only region codes that exist', () => {
    const used = [
      ...rows.people.flatMap((p) => [
        p.originRegionCode,
        p.currentRegionCode,
        ...(p.acceptableRegionCodes ?? []),
      ]),
      ...rows.posts.map((p) => p.regionCode),
      ...demo.employers.map((e) => e.regionCode),
      ...demo.facilities.map((f) => f.regionCode),
      ...demo.trainingCourses.map((c) => c.regionCode),
    ];
    for (const code of used) if (code) expect(regionCodes.has(code), code).toBe(true);
  });

  it('uses only built-in occupations and vocabulary labels', () => {
    const codes = [
      ...rows.posts.map((p) => p.occupationCode),
      ...rows.people.flatMap((p) => p.desiredOccupations ?? []),
      ...demo.trainingCourses.map((c) => c.occupationCode),
    ];
    for (const code of codes) expect(occupationCodes.has(code ?? ''), code ?? 'null').toBe(true);
    const skills = new Set(builtinVocabulary.filter((v) => v.kind === 'skill').map((v) => v.label));
    const certificates = new Set(
      builtinVocabulary.filter((v) => v.kind === 'certificate').map((v) => v.label),
    );
    for (const s of [
      ...rows.people.flatMap((p) => p.skills ?? []),
      ...rows.posts.flatMap((p) => p.requiredSkills ?? []),
      ...demo.trainingCourses.flatMap((c) => c.skillsTaught ?? []),
    ])
      expect(skills.has(s), s).toBe(true);
    for (const c of [
      ...rows.people.flatMap((p) => p.certificates ?? []),
      ...rows.posts.flatMap((p) => p.requiredCertificates ?? []),
      ...demo.trainingCourses.flatMap((c) => c.certificatesTaught ?? []),
    ])
      expect(certificates.has(c), c).toBe(true);
  });

  it('keeps pay, headcount and filled counts consistent, and pay text says what the numbers say', () => {
    for (const p of rows.posts) {
      if (p.payMin != null && p.payMax != null) expect(p.payMin).toBeLessThanOrEqual(p.payMax);
      expect(p.headcount).toBeGreaterThanOrEqual(1);
      expect(p.headcount).toBeLessThanOrEqual(20);
      expect(p.filledCount ?? 0).toBeLessThanOrEqual(p.headcount);
      const parsed = parsePay(p.payText ?? '');
      expect(parsed.ok, p.payText ?? '').toBe(true);
      if (parsed.ok)
        expect([parsed.min, parsed.max], p.payText ?? '').toEqual([p.payMin ?? null, p.payMax ?? null]);
    }
    expect(rows.posts.some((p) => (p.filledCount ?? 0) === p.headcount)).toBe(true);
    expect(rows.posts.some((p) => p.status === 'closed')).toBe(true);
  });

  it('has people who need fair-chance employers, and such employers with open posts', () => {
    const needing = rows.people.filter((p) => fairChanceCategories.includes(p.statusCategory ?? 'other'));
    expect(needing.length).toBeGreaterThan(20);
    const fair = new Set(demo.employers.filter((e) => e.fairChance).map((e) => e.id));
    expect(fair.size).toBeGreaterThan(0);
    expect(rows.posts.filter((p) => fair.has(p.employerId) && p.status === 'open').length).toBeGreaterThan(5);
  });

  it('has people who must stay local, and open local posts in their home counties', () => {
    const local = rows.people.filter((p) => p.mustStayLocalReason);
    expect(local.length).toBeGreaterThan(10);
    expect(local.every((p) => !p.willingToRelocate)).toBe(true);
    const openPostCounties = new Set(rows.posts.filter((p) => p.status === 'open').map((p) => p.regionCode));
    expect(local.some((p) => openPostCounties.has(p.originRegionCode))).toBe(true);
    expect(rows.posts.some((p) => p.postType === 'public_welfare')).toBe(true);
    expect(rows.posts.some((p) => p.postType === 'poverty_workshop')).toBe(true);
  });

  it('has near-misses: people one certificate short of a post in the occupation they want', () => {
    const nearMisses = rows.people.filter((person) => {
      const held = new Set(person.certificates);
      return rows.posts.some(
        (post) =>
          person.desiredOccupations?.includes(post.occupationCode ?? '') &&
          (post.requiredCertificates ?? []).filter((c) => !held.has(c)).length === 1,
      );
    });
    expect(nearMisses.length).toBeGreaterThan(5);
  });

  it('spreads availability (release dates) over six months either side of the reference date', () => {
    const dates = rows.people.map((p) => p.availableFrom ?? '');
    expect(dates.every((d) => d >= '2025-08-31' && d <= '2026-08-29')).toBe(true);
    expect(dates.some((d) => d > demo.referenceDate)).toBe(true);
    expect(dates.some((d) => d < demo.referenceDate)).toBe(true);
  });

  it('dates records on or before the reference date, and places nobody still inside', () => {
    const end = new Date(`${demo.referenceDate}T23:59:59+08:00`).getTime();
    const stamps = [
      ...rows.people.map((p) => p.createdAt),
      ...rows.posts.map((p) => p.createdAt),
      ...demo.employers.map((e) => e.createdAt),
      ...demo.people.flatMap((p) => p.consents.map((c) => c.recordedAt)),
    ];
    for (const t of stamps) expect(t?.getTime() ?? 0).toBeLessThanOrEqual(end);
    const employerSince = new Map(demo.employers.map((e) => [e.id, e.createdAt?.getTime() ?? 0]));
    for (const p of rows.posts)
      expect(p.createdAt?.getTime()).toBeGreaterThan(employerSince.get(p.employerId) ?? 0);
    for (const p of rows.people)
      if (p.status === 'placed') expect(p.availableFrom! <= demo.referenceDate).toBe(true);
  });

  it('gives every person a valid fake ID number for their origin and birth year, stored only as its hash', () => {
    const seen = new Set<string>();
    for (const { row, idNumber } of demo.people) {
      expect(isValidIdNumber(idNumber), idNumber).toBe(true);
      expect(idNumber.slice(0, 6)).toBe(row.originRegionCode);
      expect(Number(idNumber.slice(6, 10))).toBe(row.birthYear);
      expect(Number(idNumber[16]) % 2 === 1).toBe(row.gender === 'male');
      expect(row.idNumberHash).toBe(idNumberHash(KEY, idNumber));
      expect(JSON.stringify(row)).not.toContain(idNumber);
      seen.add(idNumber);
    }
    expect(seen.size).toBe(demo.people.length);
  });

  it('records consent for most people, refusals for some, and a later withdrawal for a few', () => {
    const latest = demo.people.map((p) => p.consents.at(-1)?.granted);
    expect(latest.filter((g) => g === true).length).toBeGreaterThan(140);
    expect(latest.some((g) => g === false)).toBe(true);
    expect(latest.some((g) => g === undefined)).toBe(true);
    const big = generateDemo({ seed: 42, people: 2000, posts: 0 });
    expect(big.people.some((p) => p.consents.length === 2 && p.consents[1]?.granted === false)).toBe(true);
  });

  it('prices training courses like the seed notices fund them', () => {
    expect(demo.trainingCourses.length).toBeGreaterThan(30);
    for (const c of demo.trainingCourses) {
      expect(c.costYuan).toBeGreaterThanOrEqual(1200);
      expect(c.costYuan).toBeLessThanOrEqual(3000);
    }
  });
});
