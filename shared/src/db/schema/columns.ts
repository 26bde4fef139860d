import { sql } from 'drizzle-orm';
import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

export const id = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const emptyTextArray = sql`'{}'::text[]`;

const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });
/**
 * The transaction that last wrote the row: set on insert by this default and on update by a trigger
 * (migration 0012), so every writer keeps it. The matcher's memory index reads rows written since its last
 * look by it (retrieval/memory-index.ts).
 */
export const rowXid = () => xid8('row_xid').notNull().default(sql`pg_current_xact_id()`);
