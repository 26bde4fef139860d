import { pgTable, text, varchar } from 'drizzle-orm/pg-core';
import type { FacilityKind } from '../../domain';
import { createdAt, id } from './columns';
import { regions } from './regions';

/** Where people are registered: a rehabilitation centre, a prison, a community station, a township office. */
export const facilities = pgTable('facilities', {
  id: id(),
  name: text('name').notNull().unique(),
  kind: text('kind').$type<FacilityKind>().notNull(),
  regionCode: varchar('region_code', { length: 6 })
    .notNull()
    .references(() => regions.code),
  createdAt: createdAt(),
});
