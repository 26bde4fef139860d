import type { Matcher } from '@qihang/matcher';
import { describe, expect, it } from 'vitest';
import { matcherPort } from '../../src/matching/matcher-port';

const reason = { factor: 'certificate', ok: true, text: '持焊工证 ✓' };
const fake = {
  async postsForPerson(_id: string, page: { limit?: number; offset?: number }) {
    const offset = page.offset ?? 0;
    return {
      items: [{ postId: `p${offset}`, score: 0.9, reasons: [reason] }],
      offset,
      limit: 1,
      nextOffset: offset < 2 ? offset + 1 : null,
    };
  },
  async peopleForPost() {
    return {
      items: [{ candidateId: 'c1', score: 0.8, reasons: [reason], age: 30 }],
      offset: 0,
      limit: 1,
      nextOffset: null,
    };
  },
  async nearMisses() {
    return [
      {
        kind: 'certificate',
        item: '叉车证',
        reason: '缺少叉车证 ✗',
        openings: 9,
        postCount: 3,
        posts: [{ postId: 'p1' }],
        courses: [{ courseId: 'k1' }],
      },
    ];
  },
} as unknown as Matcher;

describe('the matcher behind the port', () => {
  it('pages with opaque cursors and maps each result', async () => {
    const port = matcherPort(fake);
    const first = await port.postsForPerson('x', { limit: 1 });
    expect(first.items).toEqual([{ postId: 'p0', score: 0.9, reasons: [reason] }]);
    const second = await port.postsForPerson('x', { limit: 1, cursor: first.nextCursor! });
    expect(second.items[0]!.postId).toBe('p1');
    await expect(port.postsForPerson('x', { limit: 1, cursor: 'bm9wZQ' })).rejects.toThrow(/cursor/);
    expect((await port.peopleForPost('p', { limit: 5 })).items).toEqual([
      { personId: 'c1', score: 0.8, reasons: [reason] },
    ]);
    expect(await port.nearMisses('x', { limit: 5 })).toEqual([
      { missing: ['叉车证'], postCount: 3, postIds: ['p1'], courseIds: ['k1'] },
    ]);
  });
});
