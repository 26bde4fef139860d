import { bigserial, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../domain';

/** Every read of a person's record: who, in what role, when, through which route, and why. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorRole: text('actor_role').$type<Role>(),
    action: text('action').notNull(),
    route: text('route'),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id'),
    purpose: text('purpose'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_subject_idx').on(t.subjectType, t.subjectId),
    // Rows only ever arrive in time order, so a BRIN index answers date ranges at a fraction of a B-tree's
    // upkeep on every audited read (listings page by id, the primary key).
    index('audit_log_at_idx').using('brin', t.at),
  ],
);
