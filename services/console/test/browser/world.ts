import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { accountsRepo, ensureConsoleBuild, hashPassword, startAllInOne } from '@qihang/gateway/testing';
import { loadConfig } from '@qihang/shared/config/index';
import type { Database } from '@qihang/shared/db/client';
import { createLogger } from '@qihang/shared/log/index';
import { createTestDatabase } from '@qihang/shared/testing/databases';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const PASSWORD = 'Qihang@2026';
export const artifacts = join(import.meta.dirname, '../../test-artifacts');

/**
 * A real gateway (`pnpm start`'s own start-up, in this process) on a random port over a fresh PostgreSQL
 * database with a small demo data set, the built console, and accounts made straight in the database.
 */
export async function startWorld(
  opts: { people?: number; posts?: number; env?: Record<string, string> } = {},
) {
  await ensureConsoleBuild();
  const target = await createTestDatabase('postgres', 'qihang_console');
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: target.config.kind === 'postgres' ? target.config.url : '',
    REDIS_URL: '',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DEMO_DATA: 'auto',
    DEMO_PEOPLE: String(opts.people ?? 400),
    DEMO_POSTS: String(opts.posts ?? 200),
    ...opts.env,
  });
  const server = await startAllInOne(config, createLogger(config, { service: 'console-test' }));
  const database: Database = await target.open();
  const accounts = accountsRepo(database.db);
  const passwordHash = await hashPassword(PASSWORD);
  const account = (
    username: string,
    role: 'bureau' | 'admin' | 'employer',
    extra: Record<string, unknown> = {},
  ) =>
    accounts.create({
      username,
      name: username,
      role,
      passwordHash,
      mustChangePassword: false,
      ...extra,
    } as never);
  // `bureau` (湘西州, the same password) is the demo's own account, made by the start on demo data.
  await account('newcomer', 'bureau', { name: '新同事', regionCode: '433100', mustChangePassword: true });
  await account('victim', 'bureau', { name: '受害者', regionCode: '433100' });
  await account('province', 'bureau', { name: '湖南省人社厅', regionCode: '430000' });
  return {
    url: server.url,
    database,
    async close() {
      await server.close();
      await database.close();
      await target.drop();
    },
  };
}

export const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: launchArgs, headless: true });
}

/**
 * Answers the API gives on purpose and the console shows in Chinese (a wrong password, an expired session,
 * the throttle): Chromium logs each as "Failed to load resource". Anything else in the console fails a test.
 */
const expectedAnswers =
  /Failed to load resource: the server responded with a status of (401|403|409|422|423|429)/;

export interface Tab {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

export async function openTab(
  browser: Browser,
  base: string,
  size = { width: 1366, height: 768 },
): Promise<Tab> {
  const context = await browser.newContext({
    baseURL: base,
    viewport: size,
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !expectedAnswers.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, context, errors };
}

export async function signIn(page: Page, username = 'bureau', password = PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Saves the page as an artifact (gitignored) at both sizes officials use: an office PC and a phone. */
export async function capture(tab: Tab, name: string) {
  mkdirSync(artifacts, { recursive: true });
  const { page } = tab;
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(artifacts, `${name}-1366x768.png`) });
  const before = page.viewportSize()!;
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(artifacts, `${name}-390x844.png`), fullPage: true });
  await page.setViewportSize(before);
  await page.waitForTimeout(200);
}
