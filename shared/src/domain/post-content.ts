import type { posts } from '../db/schema/posts';
import { contentHash } from '../util/hash';

type PostRow = typeof posts.$inferSelect;
/** A post as stored or about to be inserted (the insert shape leaves defaulted fields optional). */
type PostInput = Pick<typeof posts.$inferInsert, (typeof postContentKeys)[number]>;

/** The fields of a stored post that a portal or the matcher reads; a change to any of them is a new version. */
export const postContentKeys = [
  'employerId',
  'occupationCode',
  'title',
  'description',
  'requiredSkills',
  'requiredCertificates',
  'ageMin',
  'ageMax',
  'ageMaxMale',
  'ageMaxFemale',
  'minEducation',
  'headcount',
  'filledCount',
  'payMin',
  'payMax',
  'payText',
  'accommodation',
  'meals',
  'regionCode',
  'postType',
  'status',
  'validFrom',
  'validTo',
] as const satisfies readonly (keyof PostRow)[];

export type PostContent = Pick<PostRow, (typeof postContentKeys)[number]>;

export const postContent = (row: PostContent): PostContent =>
  Object.fromEntries(postContentKeys.map((k) => [k, row[k]])) as PostContent;

/** `posts.content_hash`: the same for the same content whoever wrote the post (demo, API). */
export const postContentHash = (row: PostInput): string =>
  contentHash(Object.fromEntries(postContentKeys.map((k) => [k, row[k]])));
