/// <reference lib="dom" />
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { capture, launch, openTab, PASSWORD, signIn, startWorld, type Tab } from './world';

/**
 * The bureau's journeys in a real browser (Debian's Chromium through playwright-core) against a real
 * gateway: sign-in and its attacks, 首页, 名单导入, 求职人员, 岗位与用人单位. Every page is captured at
 * 1366×768 and 390×844 into services/console/test-artifacts/; any browser console error fails the test.
 */
describe('the web console in a browser', () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  let browser: Browser;
  let tab: Tab;
  const tabs: Tab[] = [];
  const newTab = async (size?: { width: number; height: number }) => {
    const t = await openTab(browser, world.url, size);
    tabs.push(t);
    return t;
  };

  beforeAll(async () => {
    [world, browser] = await Promise.all([startWorld(), launch()]);
    tab = await newTab();
  }, 300_000);
  afterAll(async () => {
    for (const t of tabs) await t.context.close().catch(() => {});
    await browser?.close();
    await world?.close();
  }, 60_000);
  afterEach(() => {
    const errors = tabs.flatMap((t) => t.errors.splice(0));
    expect(errors, 'browser console errors').toEqual([]);
  });

  describe('sign-in', () => {
    it('sends a visitor to the sign-in page, and signs in from the keyboard alone', async () => {
      const { page } = tab;
      await page.goto('/');
      await expect.poll(() => page.url(), { timeout: 20_000 }).toMatch(/\/sign-in$/);
      await capture(tab, 'sign-in');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')), { timeout: 20_000 })
        .toBe('username');
      await page.keyboard.type('bureau');
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.getByText('湘西州人社局（演示） · 人社局').waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      const menu = await page.locator('.aside').innerText();
      for (const entry of ['首页', '名单管理', '求职人员', '岗位与用人单位']) expect(menu).toContain(entry);
    });

    it('says in Chinese that the password is wrong, and sets no session', async () => {
      const t = await newTab();
      await signIn(t.page, 'bureau', 'wrong-password-1');
      await t.page.getByRole('alert').getByText('用户名或密码不正确').waitFor();
      expect(new URL(t.page.url()).pathname).toBe('/sign-in');
      expect((await t.context.cookies()).some((c) => c.name === 'qihang_session')).toBe(false);
    });

    it('shows markup typed as a user name as text, never runs it', async () => {
      const t = await newTab();
      let dialogs = 0;
      t.page.on('dialog', async (d) => {
        dialogs++;
        await d.dismiss();
      });
      await signIn(t.page, '<img src=x onerror=alert(1)>', 'whatever-123');
      await t.page.getByText('用户名或密码不正确').waitFor();
      expect(dialogs).toBe(0);
    });

    it('slows down guessing: after five wrong passwords the account must wait', async () => {
      const t = await newTab();
      for (let i = 0; i < 5; i++) {
        await signIn(t.page, 'victim', `guess-number-${i}`);
        await t.page.getByText('用户名或密码不正确').waitFor();
      }
      await signIn(t.page, 'victim', PASSWORD);
      await t.page.getByText(/尝试次数过多|已锁定/).waitFor();
      expect(new URL(t.page.url()).pathname).toBe('/sign-in');
    });

    it('makes a first sign-in change the password before anything else, in Chinese rules', async () => {
      const t = await newTab();
      await signIn(t.page, 'newcomer');
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/password');
      await t.page.getByText('请先设置您自己的密码').waitFor();
      await t.page.goto('/people');
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/password');
      await t.page.getByLabel('当前密码').fill(PASSWORD);
      await t.page.getByLabel(/^新密码/).fill('abcdefghijk');
      await t.page.getByLabel('再次输入新密码').fill('abcdefghijk');
      await t.page.getByRole('button', { name: '保存新密码' }).click();
      await t.page.getByText('密码不能只由一类字符组成').waitFor();
      await t.page.getByLabel(/^新密码/).fill('Xiangxi-2027-ok');
      await t.page.getByLabel('再次输入新密码').fill('Xiangxi-2027-ok');
      await t.page.getByRole('button', { name: '保存新密码' }).click();
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/');
      await t.page.getByText('新同事').waitFor();
    });

    it('refuses a write from the session without its CSRF token', async () => {
      const status = await tab.page.evaluate(async () => {
        const res = await fetch('/v1/auth/sign-out-others', { method: 'POST' });
        return { status: res.status, code: ((await res.json()) as { code: string }).code };
      });
      expect(status).toEqual({ status: 403, code: 'csrf_token_invalid' });
    });

    it('returns to sign-in when the session has ended, and back to the page after signing in', async () => {
      const t = await newTab();
      await signIn(t.page);
      await t.page.getByText('湘西州人社局（演示）').waitFor();
      await t.context.clearCookies();
      await t.page.goto('/employers');
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/sign-in');
      await t.page.getByLabel('用户名').fill('bureau');
      await t.page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await t.page.getByRole('button', { name: '登录' }).click();
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/employers');
      // signing out ends the session on the server too
      await t.page.getByRole('button', { name: '退出登录' }).click();
      await expect.poll(() => new URL(t.page.url()).pathname, { timeout: 20_000 }).toBe('/sign-in');
      const after = await t.page.evaluate(async () => (await fetch('/v1/auth/session')).json());
      expect(after).toEqual({ user: null, csrfToken: null });
    });
  });

  describe('首页', () => {
    it('shows the 四个底数 of 湘西州, drills down by clicking a county, and takes an as-of date', async () => {
      const { page } = tab;
      await page.goto('/');
      await page.getByText('湘西土家族苗族自治州 四个底数').waitFor();
      const labour = page.locator('[data-test=figure-labour] .value');
      await expect
        .poll(async () => Number((await labour.innerText()).replace(/[^\d]/g, '')), { timeout: 20_000 })
        .toBeGreaterThan(0);
      await page.getByText('就业安置率与年度目标').waitFor();
      await page.getByText('本周变化').first().waitFor();
      await capture(tab, 'home');
      // click the first bar of the chart by sub-region: its county is shown next
      const canvas = page.locator('section[aria-label^="各地区底数"] canvas').first();
      const box = (await canvas.boundingBox())!;
      await page.getByRole('button', { name: '看数据表' }).first().click();
      const names = await page
        .locator('section[aria-label^="各地区底数"] .el-table__body tr td:first-child')
        .allInnerTexts();
      await page.getByRole('button', { name: '看图表' }).first().click();
      expect(names.length).toBeGreaterThan(1);
      const step = (box.width - 48 - 16) / names.length;
      await page.mouse.click(box.x + 48 + step * 0.5, box.y + box.height / 2);
      await expect
        .poll(() => new URL(page.url()).searchParams.get('region') ?? '', { timeout: 20_000 })
        .toMatch(/^4331\d\d$/);
      await page.getByText(`${names[0]} 四个底数`).waitFor();
      await page.getByRole('button', { name: '返回上一级' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('region'), { timeout: 20_000 }).toBeNull();
      await page.goto('/?asOf=2020-01-01');
      await page.getByText('截至 2020-01-01').waitFor();
      await expect.poll(async () => (await labour.innerText()).trim(), { timeout: 20_000 }).toMatch(/^0/);
    });
  });

  describe('名单导入', () => {
    it('uploads a list with progress, reports it, corrects a rejected row in place and downloads the rest', async () => {
      const { page } = tab;
      const file = join(tmpdir(), `求职需求清单-${Date.now()}.csv`);
      writeFileSync(
        file,
        [
          '人员编号,姓名,联系电话,户籍地,意向工种,是否愿意培训',
          'T-001,田小军,13907431001,湘西州泸溪县,电焊工,是',
          'T-002,向阿妹,13907431002,湘西州吉首市,叉车司机,否',
          'T-003,石老三,13907431003,火星省某某县,电工,是',
          'T-004,龙二妹,13907431004,月球市,普工,是',
        ].join('\n'),
      );
      await page.goto('/imports');
      await page.getByRole('radio', { name: '求职需求清单' }).check({ force: true });
      await page.locator('#list-file').setInputFiles(file);
      await expect
        .poll(
          async () =>
            new URL(page.url()).pathname + ((await page.getByRole('alert').allInnerTexts()).join() || ''),
          {
            timeout: 60_000,
          },
        )
        .toMatch(/^\/imports\/[0-9a-f-]{36}$/);
      await page.getByText('导入结果').first().waitFor();
      await expect
        .poll(() => page.locator('[data-test=accepted] strong').innerText(), { timeout: 20_000 })
        .toBe('2');
      expect(await page.locator('[data-test=rejected] strong').innerText()).toBe('2');
      await capture(tab, 'batch-report');
      const first = page.getByLabel(/^第 \d+ 行 户籍地$/).first();
      await first.fill('湘西州泸溪县');
      await page.getByRole('button', { name: '重新提交' }).first().click();
      await page.getByText(/行已导入|行已更新/).waitFor();
      await expect
        .poll(() => page.getByRole('button', { name: '重新提交' }).count(), { timeout: 20_000 })
        .toBe(1);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /下载剩余被拒绝的行/ }).click();
      expect((await download).suggestedFilename()).toMatch(/被拒绝的行\.xlsx$/);
      await page.goto('/imports');
      await page.getByText(file.split('/').pop()!).waitFor();
      await capture(tab, 'imports');
    });
  });

  describe('求职人员', () => {
    it('asks once why records are read, pages the list with its total, and finds a person by name', async () => {
      const { page } = tab;
      const [someone] = await world.database.rows<{ name: string }>(
        sql`select name from people where origin_region_code like '4331%' and status = 'active' and name is not null order by created_at limit 1`,
      );
      await page.goto('/people');
      await page.getByText('查看求职人员信息前，请说明用途').waitFor();
      await page.getByRole('button', { name: '确定' }).click();
      const totalText = page.getByText(/^共 [\d,]+ 人。$/);
      await expect
        .poll(async () => Number((await totalText.innerText()).replace(/[^\d]/g, '')), { timeout: 20_000 })
        .toBeGreaterThan(20);
      await capture(tab, 'people');
      await page.getByLabel('姓名或电话').fill(someone!.name);
      await page.getByRole('button', { name: '查询' }).click();
      await expect
        .poll(() => new URL(page.url()).searchParams.get('q'), { timeout: 20_000 })
        .toBe(someone!.name);
      await page
        .locator('[data-test=people-table]')
        .getByRole('link', { name: someone!.name })
        .first()
        .waitFor();
      await page.getByRole('button', { name: '重置' }).click();
      await expect.poll(() => new URL(page.url()).search, { timeout: 20_000 }).toBe('');
      // the purpose is asked once: a reload keeps it, and the server logged it with the reads
      await page.reload();
      await page.getByText(/^共 [\d,]+ 人。$/).waitFor();
      const [logged] = await world.database.rows<{ purpose: string }>(
        sql`select purpose from audit_log where action = 'list' and route like '%/v1/people/search%' order by at desc limit 1`,
      );
      expect(logged?.purpose).toBe('为求职人员推荐岗位、帮助就业');
    });

    it("shows a person's page: profile, consent recorded and withdrawn, recommendations, near misses, erasure", async () => {
      const { page } = tab;
      const [p] = await world.database.rows<{ id: string; name: string }>(
        sql`select id, name from people where origin_region_code like '4331%' and status = 'active' and name is not null order by created_at desc limit 1`,
      );
      await page.goto(`/people/${p!.id}`);
      await page.getByRole('heading', { name: new RegExp(p!.name) }).waitFor();
      await page.getByText('身份证号').waitFor();
      await page.getByRole('tab', { name: '推荐岗位' }).waitFor();
      await capture(tab, 'person');
      const row = page.locator('tr', { hasText: '向就业网站推送岗位' }).first();
      if (await row.getByRole('button', { name: '撤回同意' }).count()) {
        await row.getByRole('button', { name: '撤回同意' }).click();
        await page.getByRole('button', { name: '撤回同意' }).last().click();
        await page.getByText('已撤回同意').waitFor();
      }
      await row.getByRole('button', { name: '记录同意' }).click();
      await page.getByRole('dialog').getByRole('textbox').fill('已签署《个人信息使用同意书》第 12 号');
      await page.getByRole('button', { name: '记录同意' }).last().click();
      await page.getByText('已记录同意').waitFor();
      await page.getByText('已签署《个人信息使用同意书》第 12 号').waitFor();
      await row.getByRole('button', { name: '撤回同意' }).click();
      await page.getByText(/撤回后，此人将不再「向就业网站推送岗位」/).waitFor();
      await page.getByRole('button', { name: '撤回同意' }).last().click();
      await page.getByText('已撤回同意').waitFor();
      await page.getByRole('tab', { name: /差一点就符合/ }).click();
      await page.getByRole('button', { name: '抹除个人信息' }).click();
      await page.getByText(/将被永久删除，无法恢复。保留不含个人身份的统计信息/).waitFor();
      await page.getByRole('button', { name: '确认抹除' }).click();
      await page.getByText('个人信息已抹除').first().waitFor();
      await page.getByRole('heading', { name: /个人信息已抹除/ }).waitFor();
    });
  });

  describe('岗位与用人单位', () => {
    it("lists posts, shows a post's candidates with reasons, closes and reopens it", async () => {
      const { page } = tab;
      await page.goto('/posts?status=open');
      const link = page.locator('.el-table__body a').first();
      await link.waitFor();
      await capture(tab, 'posts');
      // New texts are embedded in the background after the start: wait for a post that has candidates.
      const postId = await page.evaluate(async () => {
        for (let round = 0; round < 60; round++) {
          const posts = (await (await fetch('/v1/posts?status=open&limit=30')).json()) as {
            items: { id: string }[];
          };
          for (const p of posts.items) {
            const c = (await (await fetch(`/v1/posts/${p.id}/candidates?limit=1`)).json()) as {
              items?: unknown[];
            };
            if (c.items?.length) return p.id;
          }
          await new Promise((r) => setTimeout(r, 2000));
        }
        return null;
      });
      expect(postId, 'a post with candidates').toBeTruthy();
      await page.goto(`/posts/${postId}`);
      await page.getByText('合适的求职人员').waitFor();
      await page.locator('.chips .el-tag').filter({ hasText: /[✓✗]/ }).first().waitFor();
      await capture(tab, 'post');
      await page.getByRole('button', { name: '关闭岗位' }).click();
      await page.getByText(/不再向求职人员推荐/).waitFor();
      await page.getByRole('button', { name: '关闭岗位' }).last().click();
      await page.getByText('岗位已关闭').waitFor();
      await page.locator('.page-title .el-tag', { hasText: '已关闭' }).waitFor();
      await page.getByRole('button', { name: '重新开放' }).click();
      await page.getByRole('button', { name: '重新开放' }).last().click();
      await page.getByText('岗位已重新开放').waitFor();
      await page.locator('.page-title .el-tag', { hasText: /招聘中|已满员/ }).waitFor();
    });

    it('lists employers with filters in the URL, and closes and reopens one', async () => {
      const { page } = tab;
      await page.goto('/employers?closed=false');
      const row = page.locator('.el-table__body tr').first();
      await row.waitFor();
      await capture(tab, 'employers');
      const name = await row.locator('td').first().innerText();
      await row.getByRole('button', { name: '关闭' }).click();
      await page.getByText(/在招岗位将全部关闭/).waitFor();
      await page.getByRole('button', { name: '关闭单位' }).click();
      await page.getByText(/已关闭，同时关闭岗位/).waitFor();
      await page.goto('/employers?closed=true');
      const closed = page.locator('.el-table__body tr', { hasText: name });
      await closed.getByRole('button', { name: '重新开放' }).click();
      await page.getByRole('button', { name: '重新开放' }).last().click();
      await page.getByText('已重新开放').waitFor();
    });
  });
});
