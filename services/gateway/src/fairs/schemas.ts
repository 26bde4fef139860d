import { z } from 'zod';
import { isoDate, regionCode } from '../http/schemas';

export const fairSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    heldOn: z.string(),
    venue: z.string(),
    regionCode: z.string().nullable(),
    organizerId: z.uuid(),
    status: z.enum(['planned', 'held', 'cancelled']),
    approvedAt: z
      .string()
      .nullable()
      .describe('when a bureau of its region (or an admin) approved it; nobody can be invited before'),
    partnerFacilityIds: z
      .array(z.uuid())
      .describe('facilities whose consenting people may be invited although they live outside the region'),
  })
  .meta({ id: 'JobFair' });

export const fairBody = z.object({
  name: z.string().trim().min(1).max(200),
  heldOn: isoDate,
  venue: z.string().trim().min(1).max(200),
  regionCode: regionCode
    .optional()
    .describe('where the fair draws its people from; required unless an admin creates it'),
  partnerFacilityIds: z.array(z.uuid()).max(50).optional(),
});

export const inviteBody = z.union([
  z.object({ personIds: z.array(z.uuid()).min(1).max(5000) }),
  z.object({
    rule: z.object({
      facilityId: z.uuid(),
      availableWithinDays: z.number().int().min(0).max(366).default(60),
    }),
  }),
]);

export const generateBody = z.object({
  perHeadcount: z.number().int().min(1).max(20).default(3).describe('k: at most k × open headcount per post'),
  boothsPerPerson: z.number().int().min(1).max(10).default(3).describe('m: at most m booths per person'),
});

export const summarySchema = z.object({
  people: z.number().int(),
  posts: z.number().int(),
  feasiblePairs: z.number().int(),
  assigned: z.number().int(),
  covered: z.number().int(),
  totalScore: z.number(),
  uncovered: z.array(z.object({ personId: z.uuid(), reason: z.enum(['no_feasible_post', 'capacity']) })),
  naive: z.object({ covered: z.number().int(), totalScore: z.number(), assigned: z.number().int() }),
});

export const shortlistEntry = z.object({
  postId: z.uuid(),
  postTitle: z.string(),
  employerId: z.uuid(),
  employerName: z.string(),
  personId: z.uuid(),
  personName: z.string().nullable(),
  score: z.number(),
  rank: z.number().int(),
});
