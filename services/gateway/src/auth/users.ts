import type { DbOrTx } from '@qihang/shared/db/client';
import { apiKeys, users } from '@qihang/shared/db/schema/index';
import type { Role } from '@qihang/shared/domain/index';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { generateKey } from './keys';

export interface NewUser {
  name: string;
  role: Role;
  regionCode?: string | null;
  facilityId?: string | null;
  employerId?: string | null;
  portalId?: string | null;
}

export interface IssuedKey {
  id: string;
  prefix: string;
  label: string;
  expiresAt: Date | null;
  createdAt: Date;
  /** The whole key: returned once, never stored. */
  key: string;
}

const DAY_MS = 86_400_000;

/** Users (who holds keys) and their API keys. */
export function usersRepo(db: DbOrTx) {
  return {
    async create(user: NewUser, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(users)
        .values({
          name: user.name,
          role: user.role,
          regionCode: user.regionCode ?? null,
          facilityId: user.facilityId ?? null,
          employerId: user.employerId ?? null,
          portalId: user.portalId ?? null,
        })
        .returning();
      return row!;
    },

    async get(id: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(users).where(eq(users.id, id));
      return row ?? null;
    },

    async list(tx: DbOrTx = db) {
      const rows = await tx.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
      const keys = await tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt));
      return rows.map((u) => ({ ...u, keys: keys.filter((k) => k.userId === u.id) }));
    },

    async issueKey(
      userId: string,
      opts: { label?: string; expiresInDays: number | null },
      tx: DbOrTx = db,
    ): Promise<IssuedKey> {
      const generated = generateKey();
      const expiresAt =
        opts.expiresInDays === null ? null : new Date(Date.now() + opts.expiresInDays * DAY_MS);
      const [row] = await tx
        .insert(apiKeys)
        .values({
          userId,
          prefix: generated.prefix,
          keyHash: generated.hash,
          label: opts.label ?? '',
          expiresAt,
        })
        .returning();
      return {
        id: row!.id,
        prefix: row!.prefix,
        label: row!.label,
        expiresAt: row!.expiresAt,
        createdAt: row!.createdAt,
        key: generated.plain,
      };
    },

    /** Marks a key revoked; returns its prefix (so caches can drop it), or null when unknown. */
    async revokeKey(keyId: string, tx: DbOrTx = db) {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
        .returning({ prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt });
      if (row) return row;
      const [existing] = await tx
        .select({ prefix: apiKeys.prefix, revokedAt: apiKeys.revokedAt })
        .from(apiKeys)
        .where(eq(apiKeys.id, keyId));
      return existing ?? null;
    },

    /** The key row and its user, by the public prefix. */
    async findKey(prefix: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select({ key: apiKeys, user: users })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(eq(apiKeys.prefix, prefix));
      return row ?? null;
    },

    async touchKey(keyId: string, at: Date, tx: DbOrTx = db) {
      await tx.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
    },
  };
}

export type UsersRepo = ReturnType<typeof usersRepo>;
