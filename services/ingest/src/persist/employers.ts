import { randomUUID } from 'node:crypto';
import type { DbOrTx } from '@qihang/shared/db/client';
import { employers } from '@qihang/shared/db/schema/index';
import { regionContains } from '@qihang/shared/domain/index';
import { eq } from 'drizzle-orm';
import type { EmployerRecord } from '../validation/posts';
import { inJson, insertJson } from './bulk';

const EMPLOYER_COLUMNS = {
  id: 'uuid',
  name: 'text',
  credit_code: 'varchar(18)',
  region_code: 'varchar(6)',
  industry: 'text',
  fair_chance: 'boolean',
  contact_name: 'text',
  contact_phone: 'text',
};

/**
 * Employer key → id for every employer of a chunk, creating the new ones. Found by credit code, else by
 * name + region. `cache` carries ids across the chunks of one batch (only committed ones: see runBatch).
 */
export async function resolveEmployers(
  tx: DbOrTx,
  records: EmployerRecord[],
  cache: ReadonlyMap<string, string>,
  /** A bureau's region: an employer registered outside it keeps its fair-chance flag whatever the list says. */
  regionScope?: string | null,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const wanted = new Map<string, EmployerRecord>();
  for (const e of records) {
    const cached = cache.get(e.key);
    if (cached) ids.set(e.key, cached);
    else if (!wanted.has(e.key)) wanted.set(e.key, e);
  }
  if (wanted.size === 0) return ids;
  const codes = [...wanted.values()].flatMap((e) => (e.creditCode ? [e.creditCode] : []));
  const names = [...wanted.values()].flatMap((e) => (e.creditCode ? [] : [e.name]));
  const [byCode, byName] = await Promise.all([
    codes.length
      ? tx
          .select({
            id: employers.id,
            creditCode: employers.creditCode,
            regionCode: employers.regionCode,
            fairChance: employers.fairChance,
          })
          .from(employers)
          .where(inJson(employers.creditCode, codes))
      : [],
    names.length
      ? tx
          .select({
            id: employers.id,
            name: employers.name,
            regionCode: employers.regionCode,
            fairChance: employers.fairChance,
          })
          .from(employers)
          .where(inJson(employers.name, names))
      : [],
  ]);
  const existing = [
    ...byCode.map((e) => ({ ...e, key: e.creditCode ?? '' })),
    ...byName.map((e) => ({ ...e, key: `${e.name}|${e.regionCode}` })),
  ];
  for (const e of existing) {
    const record = wanted.get(e.key);
    if (!record || ids.has(e.key)) continue;
    ids.set(e.key, e.id);
    wanted.delete(e.key);
    // What the list says about the employer now wins over what an older list said — unless the list is a
    // bureau's and the employer is another region's: the 爱心企业 flag decides who is offered to an employer
    // (people with a rehabilitation or prison history), so only its own region's lists may change it.
    const mayChange = !regionScope || regionContains(regionScope, e.regionCode);
    if (mayChange && record.fairChance !== null && record.fairChance !== e.fairChance)
      await tx.update(employers).set({ fairChance: record.fairChance }).where(eq(employers.id, e.id));
  }
  if (wanted.size > 0) {
    // Ids made here, so the new employers need no RETURNING; one JSON parameter for the whole chunk.
    const fresh = [...wanted.values()].map((e) => ({ e, id: randomUUID() }));
    await insertJson(
      tx,
      'employers',
      EMPLOYER_COLUMNS,
      fresh.map(({ e, id }) => ({
        id,
        name: e.name,
        credit_code: e.creditCode,
        region_code: e.regionCode,
        industry: e.industry ?? '',
        fair_chance: e.fairChance ?? false,
        contact_name: e.contactName,
        contact_phone: e.contactPhone,
      })),
    );
    for (const { e, id } of fresh) ids.set(e.creditCode ?? `${e.name}|${e.regionCode}`, id);
  }
  return ids;
}
