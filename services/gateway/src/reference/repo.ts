import type { DbOrTx } from '@qihang/shared/db/client';
import { facilities, occupations, regions } from '@qihang/shared/db/schema/index';
import { type ErrorDetail, ValidationError } from '@qihang/shared/errors';
import { inArray } from 'drizzle-orm';

type Field = { path: string; codes: readonly (string | null | undefined)[] | string | null | undefined };

const asList = (codes: Field['codes']) =>
  (Array.isArray(codes) ? codes : [codes]) as (string | null | undefined)[];

/** Checks codes against the reference tables and answers 422 with the path of every unknown one. */
export function referenceRepo(db: DbOrTx) {
  async function known(kind: 'region' | 'occupation' | 'facility', values: string[], tx: DbOrTx) {
    if (values.length === 0) return new Set<string>();
    if (kind === 'region') {
      const rows = await tx.select({ v: regions.code }).from(regions).where(inArray(regions.code, values));
      return new Set(rows.map((r) => r.v));
    }
    if (kind === 'occupation') {
      const rows = await tx
        .select({ v: occupations.code })
        .from(occupations)
        .where(inArray(occupations.code, values));
      return new Set(rows.map((r) => r.v));
    }
    const rows = await tx.select({ v: facilities.id }).from(facilities).where(inArray(facilities.id, values));
    return new Set(rows.map((r) => r.v));
  }

  const messages = {
    region: '行政区划代码不存在',
    occupation: '职业代码不存在',
    facility: '机构不存在',
  } as const;

  return {
    async assertKnown(
      fields: Partial<Record<'region' | 'occupation' | 'facility', Field[]>>,
      tx: DbOrTx = db,
    ) {
      const details: ErrorDetail[] = [];
      for (const kind of ['region', 'occupation', 'facility'] as const) {
        const list = fields[kind] ?? [];
        const values = [...new Set(list.flatMap((f) => asList(f.codes)).filter((v): v is string => !!v))];
        const found = await known(kind, values, tx);
        for (const f of list) {
          const many = Array.isArray(f.codes);
          asList(f.codes).forEach((code, i) => {
            if (code && !found.has(code)) {
              details.push({ path: many ? `${f.path}.${i}` : f.path, message: `${messages[kind]}: ${code}` });
            }
          });
        }
      }
      if (details.length > 0) throw new ValidationError('unknown reference codes', details);
    },

    async regionNames(codes: readonly string[], tx: DbOrTx = db) {
      if (codes.length === 0) return new Map<string, string>();
      const rows = await tx
        .select({ code: regions.code, fullName: regions.fullName })
        .from(regions)
        .where(inArray(regions.code, [...new Set(codes)]));
      return new Map(rows.map((r) => [r.code, r.fullName]));
    },

    async occupationNames(codes: readonly string[], tx: DbOrTx = db) {
      if (codes.length === 0) return new Map<string, string>();
      const rows = await tx
        .select({ code: occupations.code, name: occupations.name })
        .from(occupations)
        .where(inArray(occupations.code, [...new Set(codes)]));
      return new Map(rows.map((r) => [r.code, r.name]));
    },
  };
}
