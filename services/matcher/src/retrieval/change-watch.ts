/**
 * What was written since the last look, for a process that keeps answers built from people and posts (the
 * gateway's recommendation pages and who-may-see-whom). It sees every writer alike — this process, another
 * gateway, a worker finishing an embedding, an upload — by the `row_xid` of the rows (snapshot-mark.ts).
 *
 * A post side change is anything that can change a page of posts: a post, its employer (name, closed, fair
 * chance) or a post's vector. A person side change names the people: their row or their vector. Both are
 * the memory index's own definitions (memory-index.ts, `changed`).
 */
import type { Database } from '@qihang/shared/db/client';
import { sql } from 'drizzle-orm';
import { personSide, postSide } from './memory-index';
import { type Mark, markNow, markOf, newerThan } from './snapshot-mark';

export type Changes =
  /** Nothing is known about what came before (the first read, or the first after a failed one). */
  { all: true } | { all: false; posts: boolean; people: string[] };

/** More people changed than this at once (an upload) reads as `all`. */
export const MAX_PEOPLE_NAMED = 1000;

export class ChangeWatch {
  private mark: Mark | undefined;

  constructor(
    private readonly database: Database,
    private readonly model: string,
  ) {}

  /**
   * Changes committed since the previous read. Rejects when the database does; the read after that says
   * `all`, as changes in between cannot be told.
   */
  async read(): Promise<Changes> {
    const mark = this.mark;
    this.mark = undefined;
    if (!mark) {
      const [row] = await this.database.rows<Record<string, unknown>>(markNow);
      this.mark = markOf(row);
      return { all: true };
    }
    const newer = newerThan(mark);
    // What counts as a change is what the memory index re-reads: each side's own `changed`.
    const [row] = await this.database.rows<Record<string, unknown>>(sql`
      with mark as materialized (${markNow})
      select mark.mark_xmax, mark.mark_xip,
        exists (${postSide.changed(newer, this.model)}) as posts,
        array(select id::text from (${personSide.changed(newer, this.model)}) changed
          limit ${MAX_PEOPLE_NAMED + 1}) as people
      from mark`);
    this.mark = markOf(row);
    const people = Array.isArray(row?.people) ? (row.people as unknown[]).map(String) : [];
    if (people.length > MAX_PEOPLE_NAMED) return { all: true };
    return { all: false, posts: row?.posts === true, people };
  }
}
