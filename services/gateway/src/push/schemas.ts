import { z } from 'zod';
import { occupationCode, regionCode, timestamp } from '../http/schemas';

export const deliveryStatuses = ['pending', 'delivering', 'delivered', 'failed', 'dead'] as const;

export const portalSchema = z
  .object({ id: z.uuid(), name: z.string(), regionCode: z.string(), createdAt: timestamp })
  .meta({ id: 'Portal' });
export const portalCreateBody = z.object({ name: z.string().trim().min(1).max(100), regionCode }).strict();

const targetUrl = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .nullable()
  .describe('where webhooks go; null for a pull-only (feed) subscription');
const subscriptionFields = {
  targetUrl,
  regionCodes: z.array(regionCode).max(100).describe('post regions, any level; empty = all'),
  occupationCodes: z.array(occupationCode).max(200).describe('occupations; empty = all'),
  format: z.enum(['json']),
  active: z.boolean(),
};
export const subscriptionCreateBody = z
  .object({ portalId: z.uuid(), ...subscriptionFields })
  .partial()
  .required({ portalId: true, targetUrl: true })
  .strict();
export const subscriptionUpdateBody = z.object(subscriptionFields).partial().strict();

export const subscriptionSchema = z
  .object({
    id: z.uuid(),
    portalId: z.uuid(),
    portalName: z.string(),
    targetUrl: z.string().nullable(),
    regionCodes: z.array(z.string()),
    occupationCodes: z.array(z.string()),
    format: z.string(),
    active: z.boolean(),
    createdAt: timestamp,
  })
  .meta({ id: 'PortalSubscription' });
export const subscriptionCreated = subscriptionSchema.extend({
  signingSecret: z.string().describe('shown once: keep it to verify x-qihang-signature (see PUSH.md)'),
});

export const pushBody = z
  .object({
    postIds: z
      .array(z.uuid())
      .min(1)
      .max(10_000)
      .optional()
      .describe('the bureau’s selection; without it every suitable post in scope'),
  })
  .strict();
export const pushResult = z.object({
  new: z.number().int(),
  update: z.number().int(),
  withdrawal: z.number().int(),
});

export const deliveryListQuery = z.object({
  status: z.enum(deliveryStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
export const deliverySchema = z
  .object({
    id: z.uuid(),
    postId: z.uuid(),
    postTitle: z.string(),
    postVersion: z.number().int(),
    kind: z.enum(['new', 'update', 'withdrawal']),
    idempotencyKey: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: timestamp.nullable(),
    deliveredAt: timestamp.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Delivery' });
export const deliveryLog = z.object({
  counts: z.record(z.enum(deliveryStatuses), z.number().int()),
  items: z.array(deliverySchema),
  nextCursor: z.string().nullable(),
});

export const replayBody = z
  .object({ deliveryId: z.uuid().optional().describe('one delivery; without it every failed or dead one') })
  .strict();

export const feedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(40).optional(),
});
export const feedPage = z.object({
  // The events are exactly what webhooks carry (built and allow-listed in push/event.ts).
  items: z.array(
    z.looseObject({ sequence: z.number().int(), event: z.string(), idempotencyKey: z.string() }),
  ),
  nextCursor: z.string(),
});
