import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { occupations } from '../db/schema';
import { chunk } from '../util/chunk';
import { builtinOccupations } from './occupations-builtin';

const classSchema = z.object({ code: z.string(), name: z.string() });

/** One line of the 职业分类大典 JSONL (shared/reference-data/README.md); the built-in list has the same shape. */
export const occupationRecordSchema = z.object({
  code: z.string().regex(/^\d-\d{2}-\d{2}-\d{2}$/),
  name: z.string().min(1),
  major: classSchema,
  middle: classSchema,
  minor: classSchema,
  definition: z.string().default(''),
  tasks: z.string().default(''),
  workTypes: z.array(z.string()).default([]),
  synonyms: z.array(z.string()).default([]),
  green: z.boolean().default(false),
  digital: z.boolean().default(false),
});
export type OccupationRecord = z.input<typeof occupationRecordSchema>;
type OccupationRow = typeof occupations.$inferInsert;

export class OccupationsFileError extends Error {
  constructor(file: string, line: number, reason: string) {
    super(`OCCUPATIONS_FILE ${file}, line ${line}: ${reason}`);
    this.name = 'OccupationsFileError';
  }
}

/**
 * The 2022 copy has a few class names with a `（GBM…）` prefix or their definition glued on
 * ("房屋建筑施工人员从事房屋主体工程施工的人员。"); what officials read is the bare name.
 */
export function cleanClassName(name: string): string {
  const bare = name.replace(/^（GBM[^）]*）/, '').trim();
  const glued = /^(.+?人员)从事.*。$/.exec(bare);
  return glued?.[1] ?? bare;
}

const toRow = (r: z.output<typeof occupationRecordSchema>, source: string): OccupationRow => ({
  code: r.code,
  name: r.name,
  majorCode: r.major.code,
  majorName: cleanClassName(r.major.name),
  middleCode: r.middle.code,
  middleName: cleanClassName(r.middle.name),
  minorCode: r.minor.code,
  minorName: cleanClassName(r.minor.name),
  definition: r.definition,
  tasks: r.tasks,
  workTypes: r.workTypes,
  synonyms: r.synonyms,
  green: r.green,
  digital: r.digital,
  source,
});

export interface OccupationsFileContent {
  rows: OccupationRow[];
  /** Codes that appear more than once; the first line with a code wins. */
  duplicates: { code: string; line: number }[];
}

/**
 * Reads the classification file line by line; a malformed line stops with its line number. The 2022 copy
 * has a few codes twice (2-07-10-03, 2-08-04-00, 6-11-08-24): the first wins and the rest are reported.
 */
export async function readOccupationsFile(file: string): Promise<OccupationsFileContent> {
  const synonyms = new Map(builtinOccupations.map((o) => [o.code, o.synonyms ?? []]));
  const rows: OccupationRow[] = [];
  const seen = new Set<string>();
  const duplicates: OccupationsFileContent['duplicates'] = [];
  let lineNo = 0;
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  input.setEncoding('utf8');
  for await (const line of createInterface({
    input,
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    lineNo++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new OccupationsFileError(file, lineNo, 'not valid JSON');
    }
    const parsed = occupationRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new OccupationsFileError(file, lineNo, `${issue?.path.join('.') || 'record'}: ${issue?.message}`);
    }
    const record = parsed.data;
    if (seen.has(record.code)) {
      duplicates.push({ code: record.code, line: lineNo });
      continue;
    }
    seen.add(record.code);
    // The file has no synonyms; the built-in list's (电焊工 → 焊工) still apply to the codes it shares.
    // Its work types are sometimes several joined by ‖.
    const workTypes = [
      ...new Set(
        record.workTypes
          .flatMap((w) => w.split('‖'))
          .map((w) => w.trim())
          .filter(Boolean),
      ),
    ];
    rows.push(toRow({ ...record, workTypes, synonyms: synonyms.get(record.code) ?? [] }, 'dadian2022'));
  }
  return { rows, duplicates };
}

export const readBuiltinOccupations = (): OccupationRow[] =>
  builtinOccupations.map((o) => toRow(occupationRecordSchema.parse(o), 'builtin'));

/**
 * Loads the classification from `file` when given, else the built-in compact list. Upserts, so a later run
 * with the full file replaces the built-in rows in place and codes already referenced stay valid.
 */
export async function loadOccupations(
  db: DbOrTx,
  file: string | undefined,
): Promise<{ count: number; source: string; duplicateCodes: string[] }> {
  const content = file ? await readOccupationsFile(file) : { rows: readBuiltinOccupations(), duplicates: [] };
  const rows = content.rows;
  for (const part of chunk(rows, 300)) {
    await db
      .insert(occupations)
      .values(part)
      .onConflictDoUpdate({
        target: occupations.code,
        set: {
          name: sql`excluded.name`,
          majorCode: sql`excluded.major_code`,
          majorName: sql`excluded.major_name`,
          middleCode: sql`excluded.middle_code`,
          middleName: sql`excluded.middle_name`,
          minorCode: sql`excluded.minor_code`,
          minorName: sql`excluded.minor_name`,
          definition: sql`excluded.definition`,
          tasks: sql`excluded.tasks`,
          workTypes: sql`excluded.work_types`,
          synonyms: sql`excluded.synonyms`,
          green: sql`excluded.green`,
          digital: sql`excluded.digital`,
          source: sql`excluded.source`,
        },
      });
  }
  return {
    count: rows.length,
    source: file ? 'dadian2022' : 'builtin',
    duplicateCodes: content.duplicates.map((d) => d.code),
  };
}
