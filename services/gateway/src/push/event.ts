import type { PostStatus } from '@qihang/shared/domain/index';
import { sha256Hex } from '@qihang/shared/util/hash';

export type DeliveryKind = 'new' | 'update' | 'withdrawal';

/** The post fields a portal receives: an allow-list, so a column added to posts never leaks. */
export interface PostForPortal {
  id: string;
  version: number;
  title: string;
  description: string;
  employerName: string;
  occupationCode: string | null;
  regionCode: string;
  headcount: number;
  openings: number;
  payMin: number | null;
  payMax: number | null;
  payText: string | null;
  accommodation: boolean;
  meals: boolean;
  requiredSkills: string[];
  requiredCertificates: string[];
  ageMin: number | null;
  ageMax: number | null;
  minEducation: string | null;
  postType: string;
  status: PostStatus;
  validFrom: string | null;
  validTo: string | null;
}

const postKeys = [
  'id',
  'version',
  'title',
  'description',
  'employerName',
  'occupationCode',
  'regionCode',
  'headcount',
  'openings',
  'payMin',
  'payMax',
  'payText',
  'accommodation',
  'meals',
  'requiredSkills',
  'requiredCertificates',
  'ageMin',
  'ageMax',
  'minEducation',
  'postType',
  'status',
  'validFrom',
  'validTo',
] as const satisfies readonly (keyof PostForPortal)[];

/** Copies only the allow-listed fields, whatever else the row carried. */
export function pickPost(row: PostForPortal): PostForPortal {
  return Object.fromEntries(postKeys.map((k) => [k, row[k] ?? null])) as unknown as PostForPortal;
}

/** The JSON body of one webhook request and one pull-feed item. */
export interface PushEvent {
  /** `post.new`, `post.update` or `post.withdrawal`. */
  event: `post.${DeliveryKind}`;
  idempotencyKey: string;
  subscriptionId: string;
  postId: string;
  postVersion: number;
  /** Why a withdrawal: the post is closed, withdrawn, filled, or no longer matches the subscription. */
  reason?: 'closed' | 'withdrawn' | 'filled' | 'unsubscribed';
  /** The post as of `postVersion`; a withdrawal carries only its id, version and status. */
  post: PostForPortal | Pick<PostForPortal, 'id' | 'version' | 'status'>;
  createdAt: string;
}

/**
 * One key per (subscription, post, version, kind): the deliveries unique index turns a second "new" for the
 * same version into nothing, and receivers dedup on it when an acknowledgement was lost and we resend.
 */
export function idempotencyKeyFor(
  subscriptionId: string,
  postId: string,
  version: number,
  kind: DeliveryKind,
) {
  return `qh1_${sha256Hex(`${subscriptionId}|${postId}|${version}|${kind}`).slice(0, 40)}`;
}

export function buildEvent(
  subscriptionId: string,
  post: PostForPortal,
  kind: DeliveryKind,
  createdAt: Date,
): PushEvent {
  const idempotencyKey = idempotencyKeyFor(subscriptionId, post.id, post.version, kind);
  const base = {
    event: `post.${kind}` as const,
    idempotencyKey,
    subscriptionId,
    postId: post.id,
    postVersion: post.version,
    createdAt: createdAt.toISOString(),
  };
  if (kind !== 'withdrawal') return { ...base, post: pickPost(post) };
  return {
    ...base,
    reason: withdrawalReason(post),
    post: { id: post.id, version: post.version, status: post.status },
  };
}

function withdrawalReason(p: PostForPortal): NonNullable<PushEvent['reason']> {
  if (p.status === 'closed' || p.status === 'withdrawn') return p.status;
  if (p.openings <= 0) return 'filled';
  return 'unsubscribed';
}
