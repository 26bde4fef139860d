/// <reference lib="dom" />
/**
 * `pnpm bench console [--people 100000] [--posts 5000] [--runs 3]`
 *
 * The web console in Debian's Chromium against a real gateway (PostgreSQL, demo data): the cold first load
 * of the home page (empty cache, signed in) until it is interactive (the 四个底数 shown), the JavaScript
 * it loaded (gzipped), a page of the people list at `people` people, and the home page's charts for a
 * province. Jobs go to a Redis of their own that nobody works, so embedding does not compete with the
 * browser. Prints a table, then one JSON line.
 */

import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launch, PASSWORD, startWorld } from '@qihang/console/testing';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    posts: { type: 'string', default: '5000' },
    runs: { type: 'string', default: '3' },
  },
});
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const started = Date.now();
const world = await startWorld({
  people: Number(values.people),
  posts: Number(values.posts),
  env: { REDIS_URL: `redis://127.0.0.1:6379/${9 + Math.floor(Math.random() * 5)}` },
});
console.error(`world ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
const browser = await launch();

/** A browser with nothing cached, signed in (the session cookie set through the API, as a sign-in would). */
async function freshContext(username: string) {
  const context = await browser.newContext({ baseURL: world.url, viewport: { width: 1366, height: 768 } });
  const res = await context.request.post('/v1/auth/sign-in', { data: { username, password: PASSWORD } });
  if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
  const page = await context.newPage();
  // The purpose of reading people's records, as the console asks once.
  await page.addInitScript(() => sessionStorage.setItem('qihang.purpose', '统计和上报'));
  return { context, page };
}

async function homeLoad(username: string) {
  const { context, page } = await freshContext(username);
  const js: { url: string; gzip: number }[] = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) js.push({ url: r.url(), gzip: gzipSync(await r.body()).length });
  });
  const t0 = Date.now();
  await page.goto('/');
  await page.locator('[data-test=figure-labour] .value').filter({ hasText: /\d/ }).waitFor();
  const interactive = Date.now() - t0;
  await page.locator('section[aria-label^="各地区底数"] canvas').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2);
  const charts = Date.now() - t0;
  await page.waitForLoadState('networkidle');
  await context.close();
  return { interactive, charts, jsGzip: js.reduce((s, f) => s + f.gzip, 0), jsFiles: js.length };
}

const cold = [];
for (let i = 0; i < runs; i++) cold.push(await homeLoad('bureau'));
const province = [];
for (let i = 0; i < runs; i++) province.push(await homeLoad('province'));

// A page of the people list: from the click on 下一页 to the new rows shown.
const { context, page } = await freshContext('province');
await page.goto('/people?pageSize=20&page=100');
await page.getByText(/^共 [\d,]+ 人。$/).waitFor();
const total = Number((await page.getByText(/^共 [\d,]+ 人。$/).innerText()).replace(/[^\d]/g, ''));
const pageTimes: number[] = [];
for (let i = 0; i < 5 * runs; i++) {
  const before = await page.locator('[data-test=people-table] .el-table__body tr').first().innerText();
  const t0 = Date.now();
  await page.locator('.el-pagination .btn-next').click();
  await page.waitForFunction(
    (b: string) => document.querySelector('[data-test=people-table] .el-table__body tr')?.textContent !== b,
    before.replace(/\t/g, ''),
  );
  await page.locator('[data-test=people-table] .el-loading-mask').waitFor({ state: 'hidden' });
  pageTimes.push(Date.now() - t0);
}
await context.close();
await browser.close();
await world.close();

const figures = {
  coldLoadMs: median(cold.map((r) => r.interactive)),
  initialJsGzipKB: Math.round(median(cold.map((r) => r.jsGzip)) / 1024),
  jsFiles: median(cold.map((r) => r.jsFiles)),
  peoplePageMs: median(pageTimes),
  peopleTotal: total,
  provinceChartsMs: median(province.map((r) => r.charts)),
};
const rows: [string, string, string, boolean][] = [
  [
    'cold first load → interactive home (433100)',
    `${figures.coldLoadMs} ms`,
    '≤ 1,500 ms',
    figures.coldLoadMs <= 1500,
  ],
  [
    'initial JavaScript of the home page, gzipped',
    `${figures.initialJsGzipKB} KB in ${figures.jsFiles} files`,
    '≤ 350 KB',
    figures.initialJsGzipKB <= 350,
  ],
  [
    `a page of the people list (${total.toLocaleString('en-US')} people)`,
    `${figures.peoplePageMs} ms`,
    '≤ 300 ms',
    figures.peoplePageMs <= 300,
  ],
  [
    'home charts for a province (430000), cold',
    `${figures.provinceChartsMs} ms`,
    '≤ 1,000 ms',
    figures.provinceChartsMs <= 1000,
  ],
];
console.log(`\nconsole bench (median of ${runs} cold loads; ${5 * runs} list pages)`);
for (const [what, got, target, met] of rows)
  console.log(`  ${what.padEnd(52)} ${got.padStart(22)}   ${target.padEnd(12)} ${met ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'console', ...figures, met: rows.every((r) => r[3]) }));
