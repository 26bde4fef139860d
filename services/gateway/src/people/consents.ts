import type { DbOrTx } from '@qihang/shared/db/client';
import { fairShortlists, personConsents } from '@qihang/shared/db/schema/index';
import { type ConsentPurpose, consentPurposeLabels } from '@qihang/shared/domain/index';
import { desc, eq } from 'drizzle-orm';
import { isoTimestamp } from '../util/sql';

/** Consent is a history: recording appends, and the latest record per purpose decides. */
export function consentsRepo(db: DbOrTx) {
  return {
    async record(
      entry: {
        personId: string;
        purpose: ConsentPurpose;
        granted: boolean;
        recordedBy: string;
        evidence?: string | null;
      },
      tx: DbOrTx = db,
    ) {
      const [row] = await tx
        .insert(personConsents)
        .values({ ...entry, evidence: entry.evidence ?? null, recordedAt: new Date() })
        .returning();
      // A withdrawal takes the person off every stored fair shortlist at once, not at the next generation.
      if (!entry.granted && entry.purpose === 'employer_matching') {
        await tx.delete(fairShortlists).where(eq(fairShortlists.personId, entry.personId));
      }
      return view(row!);
    },

    async history(personId: string, tx: DbOrTx = db) {
      const rows = await tx
        .select()
        .from(personConsents)
        .where(eq(personConsents.personId, personId))
        .orderBy(desc(personConsents.recordedAt), desc(personConsents.id));
      return rows.map(view);
    },
  };
}

function view(r: typeof personConsents.$inferSelect) {
  return {
    id: r.id,
    purpose: r.purpose,
    purposeLabel: consentPurposeLabels[r.purpose],
    granted: r.granted,
    recordedAt: isoTimestamp(r.recordedAt),
    recordedBy: r.recordedBy,
    evidence: r.evidence,
  };
}
