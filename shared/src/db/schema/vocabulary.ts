import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { VocabularyKind } from '../../domain';
import { emptyTextArray } from './columns';

/** The controlled vocabulary of skills and certificates that people and posts are normalized to. */
export const vocabulary = pgTable(
  'vocabulary',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<VocabularyKind>().notNull(),
    /** The canonical label, e.g. 焊工证. */
    label: text('label').notNull(),
    synonyms: text('synonyms').array().notNull().default(emptyTextArray),
    /** Occupations this item typically belongs to (2022 codes). */
    occupationCodes: text('occupation_codes').array().notNull().default(emptyTextArray),
  },
  (t) => [uniqueIndex('vocabulary_kind_label_uq').on(t.kind, t.label)],
);
