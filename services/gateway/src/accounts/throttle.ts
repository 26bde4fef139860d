import type { DbOrTx } from '@qihang/shared/db/client';
import { signInThrottles } from '@qihang/shared/db/schema/index';
import { eq, inArray, sql } from 'drizzle-orm';

/**
 * How many failed sign-ins are let through. Kept in the database, so every gateway process counts the same
 * attempts. Failures are counted per account name whether or not the account exists, so a made-up name is
 * throttled and locked exactly like a real one and the answers never reveal which names exist.
 */
export const throttleRules = {
  /** From this many consecutive failures on an account name, each further attempt waits… */
  accountSlowAfter: 5,
  /** …30 s, then twice as long after each failure (at most 15 min)… */
  accountFirstDelayMs: 30_000,
  accountMaxDelayMs: 15 * 60_000,
  /** …and at this many the account is locked until an admin unlocks it. */
  accountLockAfter: 10,
  /** Failures older than this no longer count towards the account's (while it is not locked). */
  accountForgetMs: 60 * 60_000,
  /** A client address failing this many times within the window is refused until the window has passed. */
  addressMax: 20,
  addressWindowMs: 15 * 60_000,
} as const;

export const accountKey = (username: string): string => `account:${username.normalize('NFKC').toLowerCase()}`;
const addressKey = (address: string): string => `address:${address}`;

export type Verdict =
  | { ok: true }
  | { ok: false; locked: true }
  | { ok: false; locked: false; retryAfterSeconds: number };

export function signInThrottle(db: DbOrTx, now: () => number) {
  const bump = async (key: string, forgetMs: number, at: Date) => {
    const since = new Date(at.getTime() - forgetMs).toISOString();
    const [row] = await db
      .insert(signInThrottles)
      .values({ key, failures: 1, lastFailureAt: at })
      .onConflictDoUpdate({
        target: signInThrottles.key,
        set: {
          failures: sql`case when ${signInThrottles.lockedAt} is null and ${signInThrottles.lastFailureAt} < ${since}::timestamptz
            then 1 else ${signInThrottles.failures} + 1 end`,
          lastFailureAt: at,
        },
      })
      .returning({ failures: signInThrottles.failures });
    return row!.failures;
  };

  return {
    /** Whether an attempt for this name from this address may be checked at all. */
    async check(username: string, address: string): Promise<Verdict> {
      const t = now();
      const rows = await db
        .select()
        .from(signInThrottles)
        .where(inArray(signInThrottles.key, [accountKey(username), addressKey(address)]));
      const account = rows.find((r) => r.key === accountKey(username));
      if (account?.lockedAt) return { ok: false, locked: true };
      const until = Math.max(0, ...rows.map((r) => r.blockedUntil?.getTime() ?? 0));
      if (until > t) return { ok: false, locked: false, retryAfterSeconds: Math.ceil((until - t) / 1000) };
      return { ok: true };
    },

    async failed(username: string, address: string): Promise<void> {
      const at = new Date(now());
      const r = throttleRules;
      const forAccount = await bump(accountKey(username), r.accountForgetMs, at);
      if (forAccount >= r.accountLockAfter) {
        await db
          .update(signInThrottles)
          .set({ lockedAt: at, blockedUntil: null })
          .where(eq(signInThrottles.key, accountKey(username)));
      } else if (forAccount >= r.accountSlowAfter) {
        const delay = Math.min(
          r.accountMaxDelayMs,
          r.accountFirstDelayMs * 2 ** (forAccount - r.accountSlowAfter),
        );
        await db
          .update(signInThrottles)
          .set({ blockedUntil: new Date(at.getTime() + delay) })
          .where(eq(signInThrottles.key, accountKey(username)));
      }
      const forAddress = await bump(addressKey(address), r.addressWindowMs, at);
      if (forAddress >= r.addressMax) {
        await db
          .update(signInThrottles)
          .set({ blockedUntil: new Date(at.getTime() + r.addressWindowMs) })
          .where(eq(signInThrottles.key, addressKey(address)));
      }
    },

    /** A right password: the account's failures are forgotten (the address's are not). */
    async succeeded(username: string): Promise<void> {
      await db.delete(signInThrottles).where(eq(signInThrottles.key, accountKey(username)));
    },

    /** Lifts a lock and forgets the failures (admin unlock, password reset). */
    async unlock(username: string): Promise<void> {
      await db.delete(signInThrottles).where(eq(signInThrottles.key, accountKey(username)));
    },

    /** The throttle state of accounts, by their key, for the admin's list. */
    async states(usernames: string[]) {
      if (usernames.length === 0) return new Map<string, typeof signInThrottles.$inferSelect>();
      const rows = await db
        .select()
        .from(signInThrottles)
        .where(inArray(signInThrottles.key, usernames.map(accountKey)));
      return new Map(rows.map((r) => [r.key, r]));
    },
  };
}

export type SignInThrottle = ReturnType<typeof signInThrottle>;
