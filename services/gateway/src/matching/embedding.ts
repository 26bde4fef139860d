import { embeddingTextHash, personEmbeddingText, postEmbeddingText } from '@qihang/matcher/embedding/texts';
import type { DbOrTx } from '@qihang/shared/db/client';
import { occupations, people, posts } from '@qihang/shared/db/schema/index';
import { enqueueInTx } from '@qihang/shared/queue/outbox';
import { eq, inArray } from 'drizzle-orm';

/**
 * Queues an `embed` job for the text as it now is, in the caller's transaction. The job id carries the text's
 * hash, so an update that leaves the text unchanged adds nothing to the outbox.
 */
export async function enqueuePersonEmbedding(tx: DbOrTx, personId: string): Promise<void> {
  const [p] = await tx
    .select({
      skills: people.skills,
      certificates: people.certificates,
      workHistory: people.workHistory,
      desired: people.desiredOccupations,
    })
    .from(people)
    .where(eq(people.id, personId));
  if (!p) return;
  const names =
    p.desired.length === 0
      ? []
      : await tx
          .select({ code: occupations.code, name: occupations.name })
          .from(occupations)
          .where(inArray(occupations.code, p.desired));
  const byCode = new Map(names.map((n) => [n.code, n.name]));
  const text = personEmbeddingText({
    desiredOccupationNames: p.desired.map((c) => byCode.get(c) ?? c),
    skills: p.skills,
    certificates: p.certificates,
    workHistory: p.workHistory,
  });
  await enqueueInTx(tx, 'embed', {
    ownerType: 'person',
    ownerId: personId,
    contentHash: embeddingTextHash(text),
  });
}

export async function enqueuePostEmbedding(tx: DbOrTx, postId: string): Promise<void> {
  const [p] = await tx
    .select({
      title: posts.title,
      occupationName: occupations.name,
      requiredSkills: posts.requiredSkills,
      requiredCertificates: posts.requiredCertificates,
      description: posts.description,
    })
    .from(posts)
    .leftJoin(occupations, eq(occupations.code, posts.occupationCode))
    .where(eq(posts.id, postId));
  if (!p) return;
  const text = postEmbeddingText(p);
  await enqueueInTx(tx, 'embed', {
    ownerType: 'post',
    ownerId: postId,
    contentHash: embeddingTextHash(text),
  });
}
