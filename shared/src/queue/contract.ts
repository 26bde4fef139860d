import { z } from 'zod';
import { embeddingOwnerTypes } from '../domain';

/**
 * The queue contract every service agrees on: job names, one schema per payload, and the deterministic job
 * id each job is enqueued under (so enqueuing the same work twice is one job).
 */
export const jobNames = {
  /** Embed one person's or post's text (skipped when the content hash is already embedded). */
  embed: 'embed',
  /** Re-embed every owner of a type with the current model (after a model change). */
  reindex: 'reindex',
  /** Push one delivery (a post version to a portal subscription). */
  deliver: 'deliver',
} as const;
export type JobName = (typeof jobNames)[keyof typeof jobNames];

export const payloadSchemas = {
  embed: z.object({
    ownerType: z.enum(embeddingOwnerTypes),
    ownerId: z.string().min(1),
    /** Hash of the text as it was when the job was queued; the handler re-reads and re-hashes. */
    contentHash: z.string().min(1),
  }),
  reindex: z.object({ ownerType: z.enum(embeddingOwnerTypes), model: z.string().min(1) }),
  deliver: z.object({ deliveryId: z.string().uuid() }),
} satisfies Record<JobName, z.ZodType>;

export type JobPayloads = { [K in JobName]: z.infer<(typeof payloadSchemas)[K]> };

/** Deterministic job ids (BullMQ ids must not contain ':'). */
export const jobIdFor = {
  embed: (p: JobPayloads['embed']) => `embed-${p.ownerType}-${p.ownerId}-${p.contentHash.slice(0, 16)}`,
  reindex: (p: JobPayloads['reindex']) => `reindex-${p.ownerType}-${p.model.replaceAll(/[^\w.-]/g, '_')}`,
  deliver: (p: JobPayloads['deliver']) => `deliver-${p.deliveryId}`,
} satisfies { [K in JobName]: (p: JobPayloads[K]) => string };

export function parsePayload<K extends JobName>(name: K, data: unknown): JobPayloads[K] {
  return payloadSchemas[name].parse(data) as JobPayloads[K];
}
