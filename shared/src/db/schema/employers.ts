import { boolean, index, pgTable, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, rowXid, updatedAt } from './columns';
import { regions } from './regions';

export const employers = pgTable(
  'employers',
  {
    id: id(),
    name: text('name').notNull(),
    /** 统一社会信用代码, when known; the natural key for dedup across sources. */
    creditCode: varchar('credit_code', { length: 18 }),
    regionCode: varchar('region_code', { length: 6 })
      .notNull()
      .references(() => regions.code),
    industry: text('industry').notNull().default(''),
    /** 爱心企业: accepts people with a drug or prison history. Decides whether such candidates are offered. */
    fairChance: boolean('fair_chance').notNull().default(false),
    /** Eligible for social-insurance subsidies and tax relief when hiring registered people. */
    subsidyEligible: boolean('subsidy_eligible').notNull().default(false),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    /** Closed by the bureau (stopped recruiting, moved away, shut): its posts were closed, no new ones. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    rowXid: rowXid(),
  },
  (t) => [
    index('employers_row_xid_idx').on(t.rowXid),
    uniqueIndex('employers_credit_code_uq').on(t.creditCode),
    index('employers_name_idx').on(t.name, t.regionCode),
  ],
);
