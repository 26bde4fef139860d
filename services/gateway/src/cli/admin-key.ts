import { parseArgs } from 'node:util';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { auditLog } from '@qihang/shared/db/schema/index';
import { type IssuedKey, usersRepo } from '../auth/users';

export interface AdminKeyOptions {
  name: string;
  label?: string;
  /** Default 365 days. */
  expiresInDays?: number;
}

/**
 * Creates an admin user and its key: how the first key comes to exist (`pnpm qihang create-admin-key`).
 * The returned `key.key` is the only time the secret is seen; print it once, never log it.
 */
export async function createAdminKey(
  database: Database,
  opts: AdminKeyOptions,
): Promise<{ userId: string; key: IssuedKey }> {
  return database.db.transaction(async (tx) => {
    const repo = usersRepo(tx);
    const user = await repo.create({ name: opts.name, role: 'admin' }, tx);
    const key = await repo.issueKey(
      user.id,
      { label: opts.label ?? 'created by create-admin-key', expiresInDays: opts.expiresInDays ?? 365 },
      tx,
    );
    await tx.insert(auditLog).values({
      action: 'create_user',
      route: 'cli create-admin-key',
      subjectType: 'user',
      subjectId: user.id,
      purpose: 'bootstrap',
    });
    return { userId: user.id, key };
  });
}

export const ADMIN_KEY_USAGE = 'create-admin-key --name NAME [--days N]';

/** `pnpm qihang create-admin-key --name 运维 [--days 365]`: prints the new key once, on stdout. */
export async function runCreateAdminKeyCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, days: { type: 'string', default: '365' } },
  });
  const days = Number(values.days);
  if (!values.name || !Number.isInteger(days) || days < 1 || days > 3650) {
    console.error(`usage: pnpm qihang ${ADMIN_KEY_USAGE}`);
    return 2;
  }
  const database = await prepareDatabase(config);
  try {
    const { userId, key } = await createAdminKey(database, { name: values.name, expiresInDays: days });
    console.log(
      `admin user ${userId}, key ${key.prefix} (expires ${key.expiresAt?.toISOString() ?? 'never'})`,
    );
    console.log('Store this key now; it is not shown again:');
    console.log(key.key);
    return 0;
  } finally {
    await database.close();
  }
}
