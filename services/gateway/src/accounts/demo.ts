import type { Config } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { employers, facilities, sessions, systemState, users } from '@qihang/shared/db/schema/index';
import type { Role } from '@qihang/shared/domain/index';
import type { Logger } from '@qihang/shared/log/index';
import { and, asc, desc, eq, inArray, isNull, like } from 'drizzle-orm';
import { DEMO_KEY } from '../processes/demo-seed';
import { DEMO_PASSWORD, hashPassword } from './passwords';
import { accountsRepo } from './repo';

/** Which demo accounts this database holds (their ids), so a start outside demo mode can retire them. */
const DEMO_ACCOUNTS_KEY = 'demo_accounts';
/** 湘西土家族苗族自治州: the demo's origin region, where the bureau account looks. */
const DEMO_REGION = '433100';

export interface DemoAccounts {
  usernames: string[];
  password: string;
}

/**
 * On the demo data (DEMO_DATA=auto and the demo set loaded), one account per role a person uses — bureau
 * (湘西州), facility (湘西's rehabilitation centre), organizer, employer (a fair-chance one), admin — all with
 * the published password and no forced change, so a newcomer sees every workspace at once. Portals are
 * machines and get no person's account. Existing accounts are left as they are. Outside demo mode the demo
 * accounts of an earlier demo start are disabled and signed out, so the published password never opens
 * anything there; null then, and when there is no demo data.
 */
export async function ensureDemoAccounts(
  database: Database,
  config: Config,
  log: Logger,
): Promise<DemoAccounts | null> {
  const { db } = database;
  const [marker] = await db.select().from(systemState).where(eq(systemState.key, DEMO_KEY));
  const [recorded] = await db.select().from(systemState).where(eq(systemState.key, DEMO_ACCOUNTS_KEY));
  const known = (recorded?.value as { ids?: string[] } | undefined)?.ids ?? [];
  if (!config.demo.enabled || !marker) {
    if (known.length > 0) {
      const retired = await db.transaction(async (tx) => {
        await tx.delete(sessions).where(inArray(sessions.userId, known));
        return tx
          .update(users)
          .set({ disabledAt: new Date() })
          .where(and(inArray(users.id, known), isNull(users.disabledAt)))
          .returning({ username: users.username });
      });
      if (retired.length > 0)
        log.warn({ usernames: retired.map((r) => r.username) }, 'demo accounts disabled: not in demo mode');
    }
    return null;
  }

  const [facility] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(like(facilities.regionCode, '4331%'), eq(facilities.kind, 'compulsory_rehab_centre')))
    .orderBy(asc(facilities.name))
    .limit(1);
  const [employer] = await db
    .select({ id: employers.id })
    .from(employers)
    .orderBy(desc(employers.fairChance), asc(employers.name))
    .limit(1);
  const wanted: { username: string; name: string; role: Role; scope: Record<string, string> | null }[] = [
    { username: 'bureau', name: '湘西州人社局（演示）', role: 'bureau', scope: { regionCode: DEMO_REGION } },
    {
      username: 'facility',
      name: '湘西强制隔离戒毒所（演示）',
      role: 'facility',
      scope: facility ? { facilityId: facility.id } : null,
    },
    { username: 'organizer', name: '招聘会组织方（演示）', role: 'organizer', scope: {} },
    {
      username: 'employer',
      name: '用人单位招聘专员（演示）',
      role: 'employer',
      scope: employer ? { employerId: employer.id } : null,
    },
    { username: 'admin', name: '演示管理员', role: 'admin', scope: {} },
  ];
  const accounts = accountsRepo(db);
  const ids = new Set(known);
  const usernames: string[] = [];
  for (const a of wanted) {
    if (!a.scope) continue;
    const existing = await accounts.findByUsername(a.username);
    if (existing) {
      // A demo account retired by a start outside demo mode is back with the demo.
      if (ids.has(existing.id)) {
        if (existing.disabledAt) await accounts.setDisabled(existing.id, null);
        usernames.push(a.username);
      }
      continue;
    }
    const created = await accounts.create({
      username: a.username,
      name: a.name,
      role: a.role,
      ...a.scope,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      mustChangePassword: false,
    });
    ids.add(created.id);
    usernames.push(a.username);
  }
  const value = { ids: [...ids] };
  await db
    .insert(systemState)
    .values({ key: DEMO_ACCOUNTS_KEY, value })
    .onConflictDoUpdate({ target: systemState.key, set: { value, updatedAt: new Date() } });
  return { usernames, password: DEMO_PASSWORD };
}
