import type { DbOrTx } from '@qihang/shared/db/client';
import { employers } from '@qihang/shared/db/schema/index';
import { eq, inArray } from 'drizzle-orm';
import type { EmployerRecord } from '../validation/posts';

/**
 * Employer key → id for every employer of a chunk, creating the new ones. Found by credit code, else by
 * name + region. `cache` carries ids across the chunks of one batch (only committed ones: see runBatch).
 */
export async function resolveEmployers(
  tx: DbOrTx,
  records: EmployerRecord[],
  cache: ReadonlyMap<string, string>,
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
  const existing = [
    ...(codes.length
      ? await tx
          .select({ id: employers.id, creditCode: employers.creditCode, fairChance: employers.fairChance })
          .from(employers)
          .where(inArray(employers.creditCode, codes))
      : []
    ).map((e) => ({ ...e, key: e.creditCode ?? '' })),
    ...(names.length
      ? await tx
          .select({
            id: employers.id,
            name: employers.name,
            regionCode: employers.regionCode,
            fairChance: employers.fairChance,
          })
          .from(employers)
          .where(inArray(employers.name, names))
      : []
    ).map((e) => ({ ...e, key: `${e.name}|${e.regionCode}` })),
  ];
  for (const e of existing) {
    const record = wanted.get(e.key);
    if (!record || ids.has(e.key)) continue;
    ids.set(e.key, e.id);
    wanted.delete(e.key);
    // What the list says about the employer now wins over what an older list said.
    if (record.fairChance !== null && record.fairChance !== e.fairChance)
      await tx.update(employers).set({ fairChance: record.fairChance }).where(eq(employers.id, e.id));
  }
  if (wanted.size > 0) {
    const fresh = [...wanted.values()];
    const inserted = await tx
      .insert(employers)
      .values(
        fresh.map((e) => ({
          name: e.name,
          creditCode: e.creditCode,
          regionCode: e.regionCode,
          industry: e.industry ?? '',
          fairChance: e.fairChance ?? false,
          contactName: e.contactName,
          contactPhone: e.contactPhone,
        })),
      )
      .returning({
        id: employers.id,
        name: employers.name,
        creditCode: employers.creditCode,
        regionCode: employers.regionCode,
      });
    for (const row of inserted) ids.set(row.creditCode ?? `${row.name}|${row.regionCode}`, row.id);
  }
  return ids;
}
