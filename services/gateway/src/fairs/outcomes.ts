/**
 * Intents (意向性就业协议) and placements (就业安置). A placement fills a place on its post in the same
 * transaction, so the matcher's postOpen rule stops recommending a post the moment it is full.
 */
import type { Database, DbOrTx } from '@qihang/shared/db/client';
import { intents, people, placements, posts, retentionChecks } from '@qihang/shared/db/schema/index';
import type { PlacementType } from '@qihang/shared/domain/index';
import { ConflictError, NotFoundError, ValidationError } from '@qihang/shared/errors';
import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';

export function outcomesRepo(database: Database) {
  const { db } = database;

  async function visiblePerson(personId: string, scope: SQL | undefined) {
    const [person] = await db
      .select({ id: people.id, origin: people.originRegionCode })
      .from(people)
      .where(and(eq(people.id, personId), scope));
    if (!person) throw new NotFoundError('person');
    return person;
  }

  async function postOf(postId: string) {
    const [post] = await db.select().from(posts).where(eq(posts.id, postId));
    if (!post) throw new ValidationError('unknown post', [{ path: 'body.postId', message: '岗位不存在' }]);
    return post;
  }

  return {
    /** `recorded` runs in the same transaction (the audit row). */
    async recordIntent(
      input: { personId: string; postId: string; fairId: string | null; signedOn: string },
      scope: SQL | undefined,
      recorded: (tx: DbOrTx, id: string) => Promise<void>,
    ) {
      await visiblePerson(input.personId, scope);
      await postOf(input.postId);
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(intents).values(input).onConflictDoNothing().returning();
        if (!row) throw new ConflictError('an intent for this person and post is already recorded');
        await recorded(tx, row.id);
        return row;
      });
    },

    async recordPlacement(
      input: {
        personId: string;
        postId: string | null;
        employerId: string | null;
        type: PlacementType;
        startDate: string;
        endDate: string | null;
      },
      scope: SQL | undefined,
      recorded: (tx: DbOrTx, id: string) => Promise<void>,
    ) {
      const person = await visiblePerson(input.personId, scope);
      const post = input.postId ? await postOf(input.postId) : null;
      return db.transaction(async (tx) => {
        if (post) {
          // Guarded increment: two placements racing for the last place cannot overfill the post.
          const filled = await tx
            .update(posts)
            .set({ filledCount: sql`${posts.filledCount} + 1` })
            .where(and(eq(posts.id, post.id), sql`${posts.filledCount} < ${posts.headcount}`))
            .returning({ id: posts.id });
          if (filled.length === 0) throw new ConflictError('the post has no open place left');
          await tx
            .update(intents)
            .set({ status: 'fulfilled' })
            .where(and(eq(intents.personId, person.id), eq(intents.postId, post.id)));
        }
        // Never on an erased person (the caller checked; this holds against a concurrent erasure too).
        const placed = await tx
          .update(people)
          .set({ status: 'placed' })
          .where(and(eq(people.id, person.id), isNull(people.erasedAt)))
          .returning({ id: people.id });
        if (placed.length === 0) throw new ConflictError('the person has been erased');
        const [row] = await tx
          .insert(placements)
          .values({
            ...input,
            employerId: input.employerId ?? post?.employerId ?? null,
            regionCode: person.origin,
          })
          .returning();
        await recorded(tx, row!.id);
        return row!;
      });
    },

    async recordRetention(
      placementId: string,
      input: { months: 1 | 3 | 6; stillEmployed: boolean; note: string | null },
      scope: SQL | undefined,
    ) {
      const [placement] = await db.select().from(placements).where(eq(placements.id, placementId));
      if (!placement) throw new NotFoundError('placement');
      await visiblePerson(placement.personId, scope);
      const [row] = await db
        .insert(retentionChecks)
        .values({ placementId, ...input })
        .onConflictDoUpdate({
          target: [retentionChecks.placementId, retentionChecks.months],
          set: { stillEmployed: input.stillEmployed, note: input.note, checkedAt: sql`now()` },
        })
        .returning();
      return row!;
    },
  };
}
