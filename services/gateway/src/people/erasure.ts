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
 * its hash, and which would let a re-upload revive the record), rejected rows carrying their ID hash or — for
 * a row whose ID number did not validate — their phone or list number, consent evidence, fair invitations
 * and shortlists, and retention notes. Nothing revives an erased person afterwards: every write naming them
 * is refused (auth/references.ts, 409 person_erased).
 */
export async function erasePerson(tx: DbOrTx, id: string, scope: SQL | undefined, recordedBy: string) {
  const [person] = await tx
    .select({
      id: people.id,
      erasedAt: people.erasedAt,
      idNumberHash: people.idNumberHash,
      phone: people.phone,
      externalId: people.externalId,
    })
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
  // Rejected rows of the person that no ID hash links (a bad check digit, a missing number): a row of a
  // people list that holds their phone number, or their number in a source's list (人员编号).
  const sourceIds = await tx
    .select({ source: personSources.source, externalId: personSources.externalId })
    .from(personSources)
    .where(eq(personSources.personId, id));
  const identifiers = [person.phone, person.externalId, ...sourceIds.map((s) => s.externalId)].filter(
    (v): v is string => !!v && v.length >= 6,
  );
  if (identifiers.length > 0) {
    await tx.execute(sql`delete from rejected_rows r using ingest_batches b
      where b.id = r.batch_id and b.kind = 'people'
        and exists (select 1 from jsonb_each_text(r.raw) v
          where regexp_replace(v.value, '[\s-]', '', 'g') = any(array[${sql.join(
            identifiers.map((v) => sql`${v}`),
            sql`, `,
          )}]::text[]))`);
  }
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
  // Consent evidence is free text (who signed, where): it goes; the history of grants and withdrawals stays.
  await tx.update(personConsents).set({ evidence: null }).where(eq(personConsents.personId, id));
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
