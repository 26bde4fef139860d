import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { prepareDatabase } from '@qihang/shared/bootstrap';
import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { auditLog } from '@qihang/shared/db/schema/index';
import { generateInitialPassword, hashPassword } from './passwords';
import { accountsRepo } from './repo';
import { username as usernameSchema } from './schemas';

export class UsernameExistsError extends Error {}

/**
 * Creates an admin's account with a one-time password (to be changed at the first sign-in): how the first
 * person comes to sign in (`pnpm qihang create-admin`). The password is returned once; print it, never log it.
 */
export async function createAdminAccount(
  database: Database,
  opts: { username: string; name: string },
): Promise<{ userId: string; initialPassword: string }> {
  const initialPassword = generateInitialPassword();
  const passwordHash = await hashPassword(initialPassword);
  return database.db.transaction(async (tx) => {
    const accounts = accountsRepo(tx);
    if (await accounts.findByUsername(opts.username, tx)) {
      throw new UsernameExistsError(`用户名 ${opts.username} 已存在（不区分大小写）`);
    }
    const user = await accounts.create(
      { username: opts.username, name: opts.name, role: 'admin', passwordHash, mustChangePassword: true },
      tx,
    );
    await tx.insert(auditLog).values({
      action: 'create_account',
      route: 'cli create-admin',
      subjectType: 'user',
      subjectId: user.id,
      purpose: 'bootstrap',
    });
    return { userId: user.id, initialPassword };
  });
}

export const CREATE_ADMIN_USAGE =
  'create-admin --username NAME [--name 显示名]   (asks when a terminal and not given)';

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * `pnpm qihang create-admin --username ops [--name 运维]`: prints the one-time password once, on stdout. On the
 * embedded database, run it while the server is stopped (it says so otherwise).
 */
export async function runCreateAdminCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, name: { type: 'string' } } });
  const interactive = process.stdin.isTTY === true;
  const given = values.username ?? (interactive ? await ask('用户名 (username): ') : '');
  const parsed = usernameSchema.safeParse(given);
  if (!parsed.success) {
    console.error(
      given ? `用户名不合规：${parsed.error.issues[0]?.message}` : `usage: pnpm qihang ${CREATE_ADMIN_USAGE}`,
    );
    return 2;
  }
  const name = values.name ?? (interactive ? await ask('显示名 (name, 可留空): ') : '') ?? '';
  const database = await prepareDatabase(config);
  try {
    const { userId, initialPassword } = await createAdminAccount(database, {
      username: parsed.data,
      name: name || '管理员',
    });
    console.log(`admin account ${parsed.data} created (user ${userId}).`);
    console.log('One-time password, shown only now; the first sign-in must replace it:');
    console.log(initialPassword);
    return 0;
  } catch (err) {
    if (!(err instanceof UsernameExistsError)) throw err;
    console.error(err.message);
    return 1;
  } finally {
    await database.close();
  }
}
