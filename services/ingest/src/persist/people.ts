import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@qihang/shared/db/client';
import { people, personSources } from '@qihang/shared/db/schema/index';
import type { JobPayloads } from '@qihang/shared/queue/contract';
import { contentHash } from '@qihang/shared/util/hash';
import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { PersonRecord } from '../validation/people';
import { mayUpdatePerson, type UploadScope } from '../validation/scope';
import { inJson, insertJson } from './bulk';
import { enqueueEmbeds } from './outbox';
import type { ChunkCounts, Conflict, Item } from './types';

export const personContentHash = (r: PersonRecord): string => {
  const { externalId: _id, ...content } = r;
  return contentHash(content);
};

const PERSON_COLUMNS = {
  id: 'uuid',
  source: 'text',
  external_id: 'text',
  id_number_hash: 'text',
  name: 'text',
  phone: 'text',
  gender: 'text',
  birth_year: 'int',
  education: 'text',
  status_category: 'text',
  origin_region_code: 'varchar(6)',
  origin_town_code: 'varchar(9)',
  current_region_code: 'varchar(6)',
  current_town_code: 'varchar(9)',
  facility_id: 'uuid',
  skills: 'text[]',
  certificates: 'text[]',
  work_history: 'text',
  desired_occupations: 'text[]',
  acceptable_region_codes: 'text[]',
  willing_to_relocate: 'boolean',
  willing_to_train: 'boolean',
  must_stay_local_reason: 'text',
  expected_pay_min: 'int',
  available_from: 'date',
};

function insertRow(r: PersonRecord, source: string, id: string): Record<string, unknown> {
  return {
    id,
    source,
    external_id: r.externalId,
    id_number_hash: r.idNumberHash,
    name: r.name,
    phone: r.phone,
    gender: r.gender,
    birth_year: r.birthYear,
    education: r.education,
    status_category: r.statusCategory,
    origin_region_code: r.originRegionCode,
    origin_town_code: r.originTownCode,
    current_region_code: r.currentRegionCode,
    current_town_code: r.currentTownCode,
    facility_id: r.facilityId,
    skills: r.skills,
    certificates: r.certificates,
    work_history: r.workHistory,
    desired_occupations: r.desiredOccupations,
    acceptable_region_codes: r.acceptableRegionCodes,
    willing_to_relocate: r.willingToRelocate ?? false,
    // Unknown stays unknown: a blank 是否愿意培训 is not a no.
    willing_to_train: r.willingToTrain,
    must_stay_local_reason: r.mustStayLocalReason,
    expected_pay_min: r.expectedPayMin,
    available_from: r.availableFrom,
  };
}

/** An update that keeps what is known where this list is silent (another source may have said more). */
function updateSet(r: PersonRecord): PgUpdateSetSource<typeof people> {
  const keepIfNull = <T>(v: T | null, column: unknown) => (v === null ? sql`${column}` : v);
  const keepIfEmpty = (v: string[], column: unknown) => (v.length === 0 ? sql`${column}` : v);
  return {
    idNumberHash: keepIfNull(r.idNumberHash, people.idNumberHash),
    name: r.name,
    phone: keepIfNull(r.phone, people.phone),
    gender: keepIfNull(r.gender, people.gender),
    birthYear: keepIfNull(r.birthYear, people.birthYear),
    education: keepIfNull(r.education, people.education),
    statusCategory: keepIfNull(r.statusCategory, people.statusCategory),
    originRegionCode: r.originRegionCode,
    // A town kept only while the county it lies in stays the same.
    originTownCode:
      r.originTownCode ??
      sql`case when ${people.originRegionCode} = ${r.originRegionCode} then ${people.originTownCode} end`,
    currentRegionCode: keepIfNull(r.currentRegionCode, people.currentRegionCode),
    currentTownCode:
      r.currentTownCode ??
      (r.currentRegionCode === null
        ? sql`${people.currentTownCode}`
        : sql`case when ${people.currentRegionCode} = ${r.currentRegionCode} then ${people.currentTownCode} end`),
    facilityId: keepIfNull(r.facilityId, people.facilityId),
    skills: keepIfEmpty(r.skills, people.skills),
    certificates: keepIfEmpty(r.certificates, people.certificates),
    workHistory: r.workHistory === '' ? sql`${people.workHistory}` : r.workHistory,
    desiredOccupations: keepIfEmpty(r.desiredOccupations, people.desiredOccupations),
    acceptableRegionCodes: keepIfEmpty(r.acceptableRegionCodes, people.acceptableRegionCodes),
    willingToRelocate: keepIfNull(r.willingToRelocate, people.willingToRelocate),
    willingToTrain: keepIfNull(r.willingToTrain, people.willingToTrain),
    mustStayLocalReason: keepIfNull(r.mustStayLocalReason, people.mustStayLocalReason),
    expectedPayMin: keepIfNull(r.expectedPayMin, people.expectedPayMin),
    availableFrom: keepIfNull(r.availableFrom, people.availableFrom),
    updatedAt: sql`now()`,
  };
}

/**
 * Writes one chunk of people in the caller's transaction, with their embed jobs. A person is found by this
 * source's external id, else by the keyed hash of the ID number (the same person on another list), else by
 * the people row's own source and external id (rows loaded before sources were tracked) — never by name. A person found who lies
 * outside the uploader's scope is not touched: the row is refused (see `mayUpdatePerson`).
 */
export async function persistPeople(
  tx: DbOrTx,
  source: string,
  items: Item<PersonRecord>[],
  scope?: UploadScope,
): Promise<{
  counts: ChunkCounts;
  conflicts: Conflict[];
  /** People on file whose existence a refused row revealed to the uploader (audited by the caller). */
  revealed: string[];
}> {
  const counts: ChunkCounts = { accepted: 0, updated: 0, unchanged: 0, merged: 0 };
  const embeds: JobPayloads['embed'][] = [];
  const conflicts: Conflict[] = [];
  const revealed: string[] = [];
  if (items.length === 0) return { counts, conflicts, revealed };
  const externalIds = items.map((i) => i.record.externalId);
  const hashes = items.flatMap((i) => (i.record.idNumberHash ? [i.record.idNumberHash] : []));
  const [known, byHash, legacy] = await Promise.all([
    tx
      .select({
        externalId: personSources.externalId,
        personId: personSources.personId,
        hash: personSources.contentHash,
      })
      .from(personSources)
      .where(and(eq(personSources.source, source), inJson(personSources.externalId, externalIds))),
    hashes.length
      ? tx
          .select({ id: people.id, hash: people.idNumberHash })
          .from(people)
          .where(inJson(people.idNumberHash, hashes))
      : Promise.resolve([]),
    tx
      .select({ id: people.id, externalId: people.externalId })
      .from(people)
      .where(and(eq(people.source, source), inJson(people.externalId, externalIds))),
  ]);
  const bySource = new Map(known.map((k) => [k.externalId, k]));
  const reach = scope
    ? await reachOf(
        tx,
        [...known.map((k) => k.personId), ...byHash.map((p) => p.id), ...legacy.map((p) => p.id)],
        scope,
      )
    : null;
  const idByHash = new Map(byHash.map((p) => [p.hash, p.id]));
  const idByLegacy = new Map(legacy.map((p) => [p.externalId, p.id]));
  const inserts: Record<string, unknown>[] = [];
  const sourceRows: (typeof personSources.$inferInsert)[] = [];
  for (const { record: r, rowNumber, contentHash: known } of items) {
    const hash = known ?? personContentHash(r);
    const seen = bySource.get(r.externalId);
    if (seen?.hash === hash) {
      counts.unchanged++;
      continue;
    }
    const hashOwner = r.idNumberHash ? idByHash.get(r.idNumberHash) : undefined;
    const personId = seen?.personId ?? hashOwner ?? idByLegacy.get(r.externalId);
    if (personId && hashOwner && hashOwner !== personId) {
      revealed.push(hashOwner);
      conflicts.push({
        rowNumber,
        field: 'idNumber',
        reason: '身份证号与已登记的另一人员相同，请核对人员编号',
      });
      continue;
    }
    if (personId && reach && !reach.has(personId)) {
      revealed.push(personId);
      conflicts.push({
        rowNumber,
        field: hashOwner === personId ? 'idNumber' : 'externalId',
        reason: '该人员已由其他地区或机构登记，本单位不能更新；如人员已迁入本辖区，请联系管理员核实',
      });
      continue;
    }
    if (personId) {
      await tx.update(people).set(updateSet(r)).where(eq(people.id, personId));
      if (seen) counts.updated++;
      else {
        counts.accepted++;
        counts.merged++;
      }
      sourceRows.push({ personId, source, externalId: r.externalId, contentHash: hash });
      embeds.push({ ownerType: 'person', ownerId: personId, contentHash: hash });
      continue;
    }
    const id = randomUUID();
    inserts.push(insertRow(r, source, id));
    sourceRows.push({ personId: id, source, externalId: r.externalId, contentHash: hash });
    embeds.push({ ownerType: 'person', ownerId: id, contentHash: hash });
    counts.accepted++;
  }
  // Sent together without waiting in between: statements run in the order sent on the transaction's
  // connection (the people exist before their sources), and three round trips become one.
  await Promise.all([
    insertJson(tx, 'people', PERSON_COLUMNS, inserts),
    insertJson(
      tx,
      'person_sources',
      { person_id: 'uuid', source: 'text', external_id: 'text', content_hash: 'text' },
      sourceRows.map((r) => ({
        person_id: r.personId,
        source: r.source,
        external_id: r.externalId,
        content_hash: r.contentHash,
      })),
      `on conflict (source, external_id) do update
       set content_hash = excluded.content_hash, last_seen_at = now(), person_id = excluded.person_id`,
    ),
    enqueueEmbeds(tx, embeds),
  ]);
  return { counts, conflicts, revealed };
}

/** Of the people found for a chunk, those this uploader may update. */
async function reachOf(tx: DbOrTx, ids: string[], scope: UploadScope): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const found = await tx
    .select({
      id: people.id,
      originRegionCode: people.originRegionCode,
      currentRegionCode: people.currentRegionCode,
      facilityId: people.facilityId,
    })
    .from(people)
    .where(inJson(people.id, [...new Set(ids)], 'uuid'));
  return new Set(found.filter((p) => mayUpdatePerson(scope, p)).map((p) => p.id));
}
