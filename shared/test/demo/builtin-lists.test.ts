import { describe, expect, it } from 'vitest';
import { defaultOccupationsFile } from '../../src/config/paths';
import { occupationProfiles } from '../../src/demo/profiles';
import { sectors } from '../../src/demo/sectors';
import { occupationRecordSchema, readOccupationsFile } from '../../src/reference/occupations';
import { builtinOccupations } from '../../src/reference/occupations-builtin';
import { builtinVocabulary } from '../../src/reference/vocabulary-builtin';

const builtinCodes = new Set(builtinOccupations.map((o) => o.code));
const labels = (kind: 'skill' | 'certificate') =>
  new Set(builtinVocabulary.filter((v) => v.kind === kind).map((v) => v.label));

describe('built-in occupations', () => {
  it('has 60–80 valid records with unique codes, a definition and synonyms', () => {
    expect(builtinOccupations.length).toBeGreaterThanOrEqual(60);
    expect(builtinOccupations.length).toBeLessThanOrEqual(80);
    expect(builtinCodes.size).toBe(builtinOccupations.length);
    for (const o of builtinOccupations) {
      expect(occupationRecordSchema.safeParse(o).success, o.code).toBe(true);
      expect(o.definition, o.code).toBeTruthy();
      expect((o.synonyms ?? []).length, o.code).toBeGreaterThan(0);
    }
  });

  it('maps each synonym to one occupation only', () => {
    const owner = new Map<string, string>();
    for (const o of builtinOccupations) {
      for (const s of o.synonyms ?? []) {
        expect(owner.get(s) ?? o.code, s).toBe(o.code);
        owner.set(s, o.code);
      }
    }
  });

  it('matches the shipped 2022 classification: codes, names and classes', async () => {
    const { rows } = await readOccupationsFile(defaultOccupationsFile());
    const full = new Map(rows.map((o) => [o.code, o] as const));
    for (const o of builtinOccupations) {
      const entry = full.get(o.code);
      expect(entry, o.code).toBeDefined();
      expect(o.name).toBe(entry?.name);
      expect([o.major.code, o.middle.code, o.minor.code]).toEqual([
        entry?.majorCode,
        entry?.middleCode,
        entry?.minorCode,
      ]);
      // The file glues the definition onto a few class names (房屋建筑施工人员从事…); ours is the name alone.
      expect(entry?.minorName.startsWith(o.minor.name), o.code).toBe(true);
    }
  });
});

describe('built-in vocabulary', () => {
  it('has unique labels per kind and points only at built-in occupations', () => {
    for (const kind of ['skill', 'certificate'] as const) {
      const entries = builtinVocabulary.filter((v) => v.kind === kind);
      expect(new Set(entries.map((v) => v.label)).size, kind).toBe(entries.length);
    }
    expect(builtinVocabulary.length).toBeGreaterThanOrEqual(40);
    for (const v of builtinVocabulary) {
      expect(v.occupationCodes.length, v.label).toBeGreaterThan(0);
      for (const code of v.occupationCodes) expect(builtinCodes.has(code), `${v.label} → ${code}`).toBe(true);
    }
  });

  it('never gives one synonym to two entries of the same kind', () => {
    for (const kind of ['skill', 'certificate'] as const) {
      const owner = new Map<string, string>();
      for (const v of builtinVocabulary.filter((e) => e.kind === kind)) {
        for (const s of [v.label, ...v.synonyms]) {
          expect(owner.get(s) ?? v.label, `${kind} ${s}`).toBe(v.label);
          owner.set(s, v.label);
        }
      }
    }
  });
});

describe('demo occupation profiles and sectors', () => {
  it('use built-in occupations and vocabulary labels only', () => {
    const skills = labels('skill');
    const certificates = labels('certificate');
    for (const p of occupationProfiles) {
      expect(builtinCodes.has(p.code), p.code).toBe(true);
      expect(p.titles.length, p.code).toBeGreaterThan(0);
      expect(p.pay[0], p.code).toBeLessThan(p.pay[1]);
      for (const s of p.skills) expect(skills.has(s), `${p.code} ${s}`).toBe(true);
      for (const c of [...p.certificates, ...p.extraCertificates])
        expect(certificates.has(c), `${p.code} ${c}`).toBe(true);
    }
    const profiled = new Set(occupationProfiles.map((p) => p.code));
    for (const sector of sectors.values()) {
      for (const code of sector.occupations.items)
        expect(profiled.has(code), `${sector.key} ${code}`).toBe(true);
    }
  });
});
