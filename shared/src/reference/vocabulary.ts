import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { vocabulary } from '../db/schema';
import { builtinVocabulary } from './vocabulary-builtin';

/** Loads the controlled vocabulary of skills and certificates; synonyms are refreshed from the code. */
export async function loadVocabulary(db: DbOrTx): Promise<number> {
  if (builtinVocabulary.length === 0) return 0;
  await db
    .insert(vocabulary)
    .values(builtinVocabulary)
    .onConflictDoUpdate({
      target: [vocabulary.kind, vocabulary.label],
      set: { synonyms: sql`excluded.synonyms`, occupationCodes: sql`excluded.occupation_codes` },
    });
  return builtinVocabulary.length;
}
