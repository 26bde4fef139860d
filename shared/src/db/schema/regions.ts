import { index, pgTable, smallint, text, varchar } from 'drizzle-orm/pg-core';

/** GB/T 2260 administrative divisions: level 1 province, 2 city (prefecture), 3 county (district). */
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 6 }).primaryKey(),
    name: text('name').notNull(),
    /** e.g. 湖南省湘西土家族苗族自治州泸溪县 — what officials read. */
    fullName: text('full_name').notNull(),
    level: smallint('level').notNull(),
    parentCode: varchar('parent_code', { length: 6 }),
    provinceCode: varchar('province_code', { length: 6 }).notNull(),
    cityCode: varchar('city_code', { length: 6 }),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_name_idx').on(t.name)],
);
