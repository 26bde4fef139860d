import { boolean, index, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { emptyTextArray } from './columns';

/** 中华人民共和国职业分类大典 (2022) at the level of the 细类; code like 6-18-02-04. */
export const occupations = pgTable(
  'occupations',
  {
    code: varchar('code', { length: 16 }).primaryKey(),
    name: text('name').notNull(),
    majorCode: varchar('major_code', { length: 4 }).notNull(),
    majorName: text('major_name').notNull(),
    middleCode: varchar('middle_code', { length: 8 }).notNull(),
    middleName: text('middle_name').notNull(),
    minorCode: varchar('minor_code', { length: 12 }).notNull(),
    minorName: text('minor_name').notNull(),
    definition: text('definition').notNull().default(''),
    tasks: text('tasks').notNull().default(''),
    workTypes: text('work_types').array().notNull().default(emptyTextArray),
    synonyms: text('synonyms').array().notNull().default(emptyTextArray),
    green: boolean('green').notNull().default(false),
    digital: boolean('digital').notNull().default(false),
    /** 'dadian2022' when loaded from OCCUPATIONS_FILE, 'builtin' for the compact fallback list. */
    source: text('source').notNull(),
  },
  (t) => [index('occupations_minor_idx').on(t.minorCode), index('occupations_name_idx').on(t.name)],
);
