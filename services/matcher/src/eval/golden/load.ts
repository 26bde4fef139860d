import type { Database } from '@qihang/shared/db/client';
import { employers, people, personConsents, posts, trainingCourses } from '@qihang/shared/db/schema/index';
import { loadReferenceData } from '@qihang/shared/reference/index';
import { contentHash } from '@qihang/shared/util/hash';
import type { Embedder } from '../../embedding/embedder';
import { ownerTexts } from '../../embedding/owner-texts';
import { storeEmbeddings } from '../../embedding/store';
import * as fx from './fixtures';

export interface GoldenIds {
  post: Record<string, string>;
  person: Record<string, string>;
  /** id → key, both kinds. */
  keyOf: Map<string, string>;
}

/** Loads the reference data and the golden world into an empty, migrated database, embedded. */
export async function loadGolden(database: Database, embedder: Embedder): Promise<GoldenIds> {
  await loadReferenceData(database.db, { occupationsFile: undefined });
  const db = database.db;
  const employerIds: Record<string, string> = {};
  for (const [key, e] of Object.entries(fx.employers)) {
    const [row] = await db.insert(employers).values(e).returning({ id: employers.id });
    employerIds[key] = row!.id;
  }
  const ids: GoldenIds = { post: {}, person: {}, keyOf: new Map() };
  for (const [key, { employer, ...p }] of Object.entries(fx.posts)) {
    const values = { ...p, employerId: employerIds[employer]!, contentHash: contentHash(p) };
    const [row] = await db.insert(posts).values(values).returning({ id: posts.id });
    ids.post[key] = row!.id;
    ids.keyOf.set(row!.id, key);
  }
  let minute = 0;
  for (const [key, { consents, ...p }] of Object.entries(fx.people)) {
    const [row] = await db
      .insert(people)
      .values({ ...p, source: 'golden', externalId: key })
      .returning({ id: people.id });
    ids.person[key] = row!.id;
    ids.keyOf.set(row!.id, key);
    for (const granted of consents) {
      const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, minute++));
      await db
        .insert(personConsents)
        .values({ personId: row!.id, purpose: 'employer_matching', granted, recordedAt });
    }
  }
  for (const c of Object.values(fx.courses)) await db.insert(trainingCourses).values(c);
  await storeEmbeddings(database, embedder, [
    ...(await ownerTexts(database, 'post', Object.values(ids.post))),
    ...(await ownerTexts(database, 'person', Object.values(ids.person))),
  ]);
  return ids;
}
