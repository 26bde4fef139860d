import { integer, pgTable, text, varchar } from 'drizzle-orm/pg-core';
import { createdAt, emptyTextArray, id } from './columns';
import { occupations } from './occupations';
import { regions } from './regions';

/** 技能培训 courses: what a near-miss person could take to unlock posts. */
export const trainingCourses = pgTable('training_courses', {
  id: id(),
  name: text('name').notNull(),
  occupationCode: varchar('occupation_code', { length: 16 }).references(() => occupations.code),
  skillsTaught: text('skills_taught').array().notNull().default(emptyTextArray),
  certificatesTaught: text('certificates_taught').array().notNull().default(emptyTextArray),
  provider: text('provider').notNull(),
  regionCode: varchar('region_code', { length: 6 }).references(() => regions.code),
  durationDays: integer('duration_days').notNull(),
  costYuan: integer('cost_yuan').notNull(),
  createdAt: createdAt(),
});
