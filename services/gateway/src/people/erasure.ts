import type { DbOrTx } from '@qihang/shared/db/client';
import {
  embeddings,
  fairParticipants,
  fairShortlists,
  people,
  personConsents,
  personSources,
  placements,
  rejectedRows,
  retentionChecks,
} from '@qihang/shared/db/schema/index';
import { consentPurposes } from '@qihang/shared/domain/index';
import { NotFoundError } from '@qihang/shared/errors';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { isoTimestamp } from '../util/sql';

/**
 * Erasure removes everything that identifies or describes the person (name, phone, ID hash, status category,
 * facility, birth year, gender, education, free text, skills, certificates, pay, dates, the source's own
 * number) and their embedding, and records consent withdrawn for every purpose. It keeps the row with what
 * the anonymous counts are made of: origin and current region, registration time, desired occupations,
 * acceptable regions and the willingness flags — so every 四个底数 figure stays the same after erasure.
 * It also removes what points back to the person elsewhere: their sources (whose ids could be an ID number or
 * its hash, and which would let a re-upload revive the record), rejected rows carrying their ID hash, fair
 * invitations and shortlists, and retention notes.
 */
export async function erasePerson(tx: DbOrTx, id: string, scope: SQL | undefined, recordedBy: string) {
  const [person] = await tx
    .select({ id: people.id, erasedAt: people.erasedAt, idNumberHash: people.idNumberHash })
    .from(people)
    .where(and(eq(people.id, id), scope));
  if (!person) throw new NotFoundError('person');
  if (person.erasedAt) return { id, erasedAt: isoTimestamp(person.erasedAt), alreadyErased: true };

  const now = new Date();
  await tx
    .update(people)
    .set({
      name: null,
      phone: null,
      idNumberHash: null,
      statusCategory: null,
      facilityId: null,
      birthYear: null,
      gender: null,
      education: null,
      workHistory: '',
      skills: sql`'{}'::text[]`,
      certificates: sql`'{}'::text[]`,
      mustStayLocalReason: null,
      expectedPayMin: null,
      availableFrom: null,
      externalId: `erased:${id}`,
      status: 'erased',
      erasedAt: now,
      updatedAt: now,
    })
    .where(eq(people.id, id));
  await tx.delete(embeddings).where(and(eq(embeddings.ownerType, 'person'), eq(embeddings.ownerId, id)));
  await tx.delete(personSources).where(eq(personSources.personId, id));
  await tx.delete(fairShortlists).where(eq(fairShortlists.personId, id));
  await tx.delete(fairParticipants).where(eq(fairParticipants.personId, id));
  if (person.idNumberHash)
    await tx.delete(rejectedRows).where(eq(rejectedRows.idNumberHash, person.idNumberHash));
  await tx
    .update(retentionChecks)
    .set({ note: null })
    .where(
      sql`${retentionChecks.placementId} in (select ${placements.id} from ${placements} where ${placements.personId} = ${id})`,
    );
  await tx.insert(personConsents).values(
    consentPurposes.map((purpose) => ({
      personId: id,
      purpose,
      granted: false,
      recordedAt: now,
      recordedBy,
      evidence: 'erasure',
    })),
  );
  return { id, erasedAt: isoTimestamp(now), alreadyErased: false };
}
