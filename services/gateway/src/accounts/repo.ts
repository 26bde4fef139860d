import type { DbOrTx } from '@qihang/shared/db/client';
import { regions, sessions, users } from '@qihang/shared/db/schema/index';
import type { Role } from '@qihang/shared/domain/index';
import { and, asc, count, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { IDLE_MS } from './sessions';

export interface NewAccount {
  username: string;
  name: string;
  role: Role;
  regionCode?: string | null | undefined;
  facilityId?: string | null | undefined;
  employerId?: string | null | undefined;
  portalId?: string | null | undefined;
  passwordHash: string;
  mustChangePassword: boolean;
}

type UserRow = typeof users.$inferSelect;

/** People's accounts: users with a username and a password. */
export function accountsRepo(db: DbOrTx) {
  return {
    /** The user of this username, whatever its case. */
    async findByUsername(username: string, tx: DbOrTx = db): Promise<UserRow | null> {
      const [row] = await tx.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
      return row ?? null;
    },

    async get(id: string, tx: DbOrTx = db): Promise<UserRow | null> {
      const [row] = await tx.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },

    async create(a: NewAccount, tx: DbOrTx = db): Promise<UserRow> {
      const [row] = await tx
        .insert(users)
        .values({
          username: a.username,
          name: a.name,
          role: a.role,
          regionCode: a.regionCode ?? null,
          facilityId: a.facilityId ?? null,
          employerId: a.employerId ?? null,
          portalId: a.portalId ?? null,
          passwordHash: a.passwordHash,
          mustChangePassword: a.mustChangePassword,
        })
        .returning();
      return row!;
    },

    async setPassword(
      id: string,
      passwordHash: string,
      mustChangePassword: boolean,
      at: Date,
      tx: DbOrTx = db,
    ): Promise<void> {
      await tx
        .update(users)
        .set({ passwordHash, mustChangePassword, passwordChangedAt: at })
        .where(eq(users.id, id));
    },

    async signedIn(id: string, at: Date, tx: DbOrTx = db): Promise<void> {
      await tx.update(users).set({ lastSignInAt: at }).where(eq(users.id, id));
    },

    async setDisabled(id: string, at: Date | null, tx: DbOrTx = db): Promise<void> {
      await tx.update(users).set({ disabledAt: at }).where(eq(users.id, id));
    },

    /** Accounts (users with a username), or the one of `id`, with their live sessions at `now`, oldest first. */
    async list(now: Date, id?: string, tx: DbOrTx = db) {
      const live = tx
        .select({ userId: sessions.userId, n: count().as('n') })
        .from(sessions)
        .where(and(gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_MS))))
        .groupBy(sessions.userId)
        .as('live');
      return tx
        .select({ user: users, sessions: sql<number>`coalesce(${live.n}, 0)::int` })
        .from(users)
        .leftJoin(live, eq(live.userId, users.id))
        .where(and(isNotNull(users.username), id ? eq(users.id, id) : undefined))
        .orderBy(asc(users.createdAt), asc(users.id));
    },

    /** The region's name for the console's header (湘西土家族苗族自治州). */
    async regionName(code: string | null, tx: DbOrTx = db): Promise<string | null> {
      if (!code) return null;
      const [row] = await tx.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
      return row?.name ?? null;
    },
  };
}

export type AccountsRepo = ReturnType<typeof accountsRepo>;
