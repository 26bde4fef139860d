import type { Db } from '@qihang/shared/db/client';
import { facilities, occupations, regions, vocabulary } from '@qihang/shared/db/schema/index';
import { buildOccupationIndex, type OccupationIndex } from '@qihang/shared/normalize/occupations';
import { buildPlaceIndex, type PlaceIndex } from '@qihang/shared/normalize/places';
import { compactText } from '@qihang/shared/normalize/text';
import { buildVocabularyIndex, type VocabularyIndex } from '@qihang/shared/normalize/vocabulary';
import { readTowns } from '@qihang/shared/reference/regions';

/** What rows are normalized against, loaded once per batch (the heavy indexes once per few minutes). */
export interface Reference {
  places: PlaceIndex;
  occupations: OccupationIndex;
  occupationCodes: Set<string>;
  /** For the embedding fallback: the text each occupation is embedded as. */
  occupationTexts: { code: string; text: string }[];
  vocabulary: VocabularyIndex;
  /** Facility name (compact) → id. */
  facilities: Map<string, string>;
}

type Heavy = Omit<Reference, 'facilities'>;
const HEAVY_TTL_MS = 5 * 60_000;
const cache = new WeakMap<Db, { at: number; heavy: Promise<Heavy> }>();

async function loadHeavy(db: Db): Promise<Heavy> {
  const [regionRows, occupationRows, vocabularyRows] = await Promise.all([
    db
      .select({ code: regions.code, name: regions.name, fullName: regions.fullName, level: regions.level })
      .from(regions),
    db
      .select({
        code: occupations.code,
        name: occupations.name,
        synonyms: occupations.synonyms,
        workTypes: occupations.workTypes,
      })
      .from(occupations),
    db
      .select({ kind: vocabulary.kind, label: vocabulary.label, synonyms: vocabulary.synonyms })
      .from(vocabulary),
  ]);
  return {
    places: buildPlaceIndex(regionRows, readTowns()),
    occupations: buildOccupationIndex(occupationRows),
    occupationCodes: new Set(occupationRows.map((o) => o.code)),
    occupationTexts: occupationRows.map((o) => ({ code: o.code, text: [o.name, ...o.synonyms].join(' ') })),
    vocabulary: buildVocabularyIndex(vocabularyRows),
  };
}

export async function loadReference(db: Db): Promise<Reference> {
  let entry = cache.get(db);
  if (!entry || Date.now() - entry.at > HEAVY_TTL_MS) {
    entry = { at: Date.now(), heavy: loadHeavy(db) };
    cache.set(db, entry);
    entry.heavy.catch(() => cache.delete(db));
  }
  const heavy = await entry.heavy;
  const facilityRows = await db.select({ id: facilities.id, name: facilities.name }).from(facilities);
  return { ...heavy, facilities: new Map(facilityRows.map((f) => [compactText(f.name), f.id])) };
}
