import type { DeliveryKind, PostForPortal } from './event';

/** The last delivery created for a post on a subscription: what the portal has been told, or will be. */
export interface LastDelivery {
  postId: string;
  postVersion: number;
  kind: DeliveryKind;
}

export interface Candidate {
  post: PostForPortal;
  /** Open, with headcount left, matching the subscription's filters (and in the caller's scope). */
  suitable: boolean;
}

/**
 * Decides what a push run sends, post by post, from what the portal was last sent:
 * - suitable, never sent or last sent a withdrawal → `new` at the current version;
 * - suitable, last sent new/update of an older version → `update`;
 * - not suitable any more (closed, withdrawn, filled, filtered out), last sent new/update → `withdrawal`.
 * A pure function, so the rules are tested without a database; the unique idempotency key is the backstop.
 */
export function planDeliveries(
  candidates: readonly Candidate[],
  last: ReadonlyMap<string, LastDelivery>,
): { post: PostForPortal; kind: DeliveryKind }[] {
  const plan: { post: PostForPortal; kind: DeliveryKind }[] = [];
  for (const { post, suitable } of candidates) {
    const prev = last.get(post.id);
    const live = prev !== undefined && prev.kind !== 'withdrawal';
    if (suitable && !live) plan.push({ post, kind: 'new' });
    else if (suitable && prev && post.version > prev.postVersion) plan.push({ post, kind: 'update' });
    else if (!suitable && live) plan.push({ post, kind: 'withdrawal' });
  }
  return plan;
}
