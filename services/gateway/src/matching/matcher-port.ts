import type { Matcher } from '@qihang/matcher';
import { ValidationError } from '@qihang/shared/errors';
import type { MatcherPort } from '../ports';

/** The matcher pages by offset; the API hands out opaque cursors so that can change without breaking clients. */
const toOffset = (cursor: string | undefined): number => {
  if (cursor === undefined) return 0;
  const offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ValidationError('the cursor is not valid', [
      { path: 'querystring.cursor', message: 'not a cursor' },
    ]);
  }
  return offset;
};
const toCursor = (offset: number | null) =>
  offset === null ? null : Buffer.from(String(offset)).toString('base64url');

/** Adapts the matcher service (services/matcher) to the gateway's port. */
export function matcherPort(matcher: Matcher): MatcherPort {
  return {
    async postsForPerson(personId, { limit, cursor }) {
      const page = await matcher.postsForPerson(personId, { limit, offset: toOffset(cursor) });
      return {
        items: page.items.map((r) => ({ postId: r.postId, score: r.score, reasons: r.reasons })),
        nextCursor: toCursor(page.nextOffset),
      };
    },
    async peopleForPost(postId, { limit, cursor }) {
      const page = await matcher.peopleForPost(postId, { limit, offset: toOffset(cursor) });
      return {
        items: page.items.map((r) => ({ personId: r.candidateId, score: r.score, reasons: r.reasons })),
        nextCursor: toCursor(page.nextOffset),
      };
    },
    async nearMisses(personId, { limit }) {
      const groups = await matcher.nearMisses(personId);
      return groups.slice(0, limit).map((g) => ({
        missing: [g.item],
        postCount: g.postCount,
        postIds: g.posts.map((p) => p.postId),
        courseIds: g.courses.map((c) => c.courseId),
      }));
    },
  };
}
