/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against a real server
 * on a small simulated platform: sign-in, every page of the navigation, numbers against the API,
 * reload and back, both languages, a tablet, sign-out. With LEARNLOOP_SCREENSHOTS=<dir> it also
 * saves a full-page PNG of every page in zh-CN and en (`npm run screenshots`). With
 * LEARNLOOP_DEMO_DB=<file> it serves a copy of that demo database instead (e.g. the full demo for
 * the screenshots in docs/).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { blankChartLabels, documentLangIs, fetchStatus, horizontalOverflow, noteSelector, seenSelector } from './in-page.js';
import { pageNumberChecks } from './page-numbers.js';
import {
  adminEmail, adminPassword, browserSkipReason, buildDashboardTo, launchBrowser, pageFileName, startDashboardServer,
  tempDir, waitForPageReady, watchPage, type BrowserSession, type DashboardServer, type PageWatch,
} from './harness.js';
import { defaultRange, expectedOverview, readChartTable, readStats, type Range } from './overview-numbers.js';

const skip = browserSkipReason();
const screenshots = process.env.LEARNLOOP_SCREENSHOTS;
/** Small and deterministic: loads in seconds, yet every page has something to draw (churn scores need 35 days of history). */
const demo = { users: 200, days: 42, seed: 7 };
const desktop = { width: 1440, height: 1000 };
const tablet = { width: 820, height: 1180 };

describe('the dashboard in Chromium', { skip }, () => {
  let distDir: string;
  let server: DashboardServer;
  let browser: BrowserSession;
  let page: Page;
  let watch: PageWatch;
  /** The `<nav>` links, discovered once signed in. */
  let navPaths: string[] = [];
  let range: Range;

  const at = (path: string) => server.url + path;
  const pathname = () => new URL(page.url()).pathname;
  /** Opens `path` from the navigation (client-side, as an operator would) and waits until it settles. */
  const visit = async (path: string) => {
    const link = page.locator(`header nav a[href="${path}"]`);
    if (page.url() === at(path)) await page.reload();
    else if (await link.count()) await link.click();
    else await page.goto(at(path));
    await page.waitForURL((u) => u.pathname === path);
    await waitForPageReady(page);
  };
  /** The open page has a heading, no error note, no blank chart, shows something, and logged nothing wrong. */
  const expectDrawn = async (what: string) => {
    const heading = (await page.locator('main h1').first().innerText()).trim();
    assert.ok(heading.length > 0, `${what}: a heading`);
    assert.deepEqual(await page.locator('main [role="alert"]').allInnerTexts(), [], `${what}: no error note`);
    assert.deepEqual(await blankCharts(page), [], `${what}: charts with nothing drawn`);
    const shown = await page.locator('main [data-chart], main [data-empty], main table').count();
    assert.ok(shown > 0, `${what}: shows data, or says why there is none`);
    expectClean(what);
  };
  const expectClean = (what: string) => assert.deepEqual(watch.take(), [], `${what}: console errors, page errors or failed requests`);

  before(async () => {
    distDir = await buildDashboardTo(tempDir('dist'));
    const copyDb = process.env.LEARNLOOP_DEMO_DB;
    server = await startDashboardServer(copyDb ? { distDir, copyDb } : { distDir, demo });
    browser = await launchBrowser({ locale: 'en-US', viewport: desktop });
    page = browser.context.pages()[0] ?? await browser.context.newPage();
    watch = watchPage(page);
    range = await defaultRange(server);
  });

  // A failed test leaves its problems behind; they belong to it, not to the next test.
  beforeEach(() => { watch?.take(); });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (distDir) rmSync(distDir, { recursive: true, force: true });
  });

  test('signed out, / and a deep link show the sign-in page and the API answers 401', async () => {
    // The app asks who is signed in; before sign-in that question is answered 401, as it should be.
    watch.allow(/\/v1\/session$/, [401]);
    watch.allow(/\/v1\/metrics\/span$/, [401]);
    for (const path of ['/', '/retention']) {
      await page.goto(at(path));
      await page.waitForSelector('form input[name="password"]');
      const url = new URL(page.url());
      assert.equal(url.pathname, '/sign-in');
      assert.equal(url.searchParams.get('next'), path);
      assert.equal(await page.locator('nav').count(), 0, 'no navigation before sign-in');
    }
    assert.equal(await page.evaluate(fetchStatus, '/v1/metrics/span'), 401, 'API from the page without a session');
    assert.equal((await fetch(at('/v1/metrics/span'))).status, 401, 'API without a key');
    expectClean('sign-in page');
  });

  test('a wrong password shows an error; signing in lands on the deep link asked for', async () => {
    watch.allow(/\/v1\/session$/, [401]);
    await page.goto(at('/retention'));
    await page.fill('input[name="email"]', adminEmail);
    await page.fill('input[name="password"]', 'not the password');
    await page.click('button[type="submit"]');
    const alert = page.locator('form [role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /wrong email or password/i);
    assert.equal(pathname(), '/sign-in');

    await page.fill('input[name="password"]', adminPassword);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname === '/retention');
    await page.waitForSelector('header nav a');
    expectClean('sign-in');
    watch.strict();
    navPaths = await page.$$eval('header nav a[href]', (links) => links.map((a) => a.getAttribute('href')!));
    assert.ok(navPaths.includes('/'), `the overview is in the navigation: ${navPaths.join(' ')}`);
    assert.equal(new Set(navPaths).size, navPaths.length, 'each page once in the navigation');
  });

  test('a long operation shows its progress: recomputing segments, then the segments drawn', async (t) => {
    if (!navPaths.includes('/segments')) return t.skip('no /segments page in the navigation yet');
    await visit('/segments');
    const button = page.locator('main .recompute button.primary');
    const progress = 'main .recompute-progress[role="status"]';
    // Noted in the page as soon as it is drawn: on a small platform the work takes about a second.
    await page.evaluate(noteSelector, progress);
    await button.click();
    await page.locator('main .recompute [role="status"].muted, main .recompute [role="alert"]').first().waitFor({ timeout: 60_000 });
    assert.deepEqual(await page.locator('main .recompute [role="alert"]').allInnerTexts(), [], 'the recompute worked');
    assert.ok(await page.evaluate(seenSelector, progress), 'progress was shown while it ran');
    await waitForPageReady(page);
    assert.ok(await button.isEnabled(), 'the button is back');
    assert.ok((await page.locator('main [data-chart]').count()) > 0, 'the segments are drawn');
    assert.deepEqual(await page.locator('main [data-empty]').allInnerTexts(), [], 'no "nothing computed yet" left');
    expectClean('segments recompute');
  });

  test('every page of the navigation renders a heading and its charts, without errors', async () => {
    for (const path of navPaths) {
      await visit(path);
      assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), path, `${path}: marked current in the nav`);
      await expectDrawn(path);
    }
  });

  test('the detail pages the list pages link to render too', async () => {
    let opened = 0;
    for (const path of navPaths.filter((p) => p !== '/')) {
      await visit(path);
      // The first link into this section's detail pages (a row of its table, a learner, a course …).
      const link = page.locator(`main a[href^="${path}/"]`).first();
      if ((await link.count()) === 0) continue;
      const href = (await link.getAttribute('href'))!;
      await link.click();
      await page.waitForURL((u) => u.pathname !== path);
      await waitForPageReady(page);
      assert.equal(await page.locator('header nav a[aria-current="page"]').getAttribute('href'), path, `${href}: its section marked in the nav`);
      await expectDrawn(href);
      opened++;
    }
    assert.ok(opened > 0, 'some list page links to a detail page');
  });

  test('the overview shows the numbers the API answers', async () => {
    await visit('/');
    const want = await expectedOverview(server, range, 'en');
    assert.deepEqual(await readStats(page), want.stats, 'headline numbers');
    assert.deepEqual(await readChartTable(page, 'Active learners: new and returning (DAU)'), want.active.day);
    assert.deepEqual(await readChartTable(page, 'Learning minutes and lessons completed'), want.learning);
    assert.deepEqual(await readChartTable(page, 'Revenue and paying learners'), want.revenue);
    // The period switch asks the API for weeks, and the chart follows.
    await page.click('[role="group"][aria-label="Period"] button:has-text("WAU")');
    await page.waitForSelector('[data-chart="Active learners: new and returning (WAU)"]', { state: 'attached' });
    await waitForPageReady(page);
    assert.deepEqual(await readChartTable(page, 'Active learners: new and returning (WAU)'), want.active.week);
    assert.ok(want.active.day.length > want.active.week.length && want.active.week.length >= 4, 'days and weeks differ');
    expectClean('overview numbers');
  });

  for (const check of pageNumberChecks) {
    test(`${check.path}: ${check.what} match the API`, async (t) => {
      if (!navPaths.includes(check.path)) return t.skip(`no ${check.path} page in the navigation yet`);
      await visit(check.path);
      await check.run(page, server);
      expectClean(check.path);
    });
  }

  test('reload and the back button keep the page and its query', async () => {
    await visit('/');
    await page.click('fieldset.date-range button:has-text("Last 7 days")');
    await page.waitForURL((u) => u.searchParams.has('from'));
    await waitForPageReady(page);
    const weekUrl = page.url();
    const weekFrom = new URL(weekUrl).searchParams.get('from');
    assert.notEqual(weekFrom, range.from);
    await page.reload();
    await waitForPageReady(page);
    assert.equal(page.url(), weekUrl, 'reload keeps the range in the URL');
    assert.equal(await firstDateInput(page), weekFrom, 'and on the page');

    const other = navPaths.find((p) => p !== '/');
    if (other) {
      await visit(other);
      const heading = await page.locator('main h1').first().innerText();
      await page.reload();
      await waitForPageReady(page);
      assert.equal(pathname(), other);
      assert.equal(await page.locator('main h1').first().innerText(), heading, 'reload keeps the page');
      await page.goBack();
      await page.waitForURL(weekUrl);
      await waitForPageReady(page);
      assert.equal(await firstDateInput(page), weekFrom, 'back to the overview with its range');
    }
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/' && !u.searchParams.has('from'));
    await waitForPageReady(page);
    assert.equal(await firstDateInput(page), range.from, 'back to the default range');
    expectClean('reload and back');
  });

  test('in Chinese on a tablet (820×1180): headings translated, numbers and dates formatted, navigation shown, no sideways overflow; remembered', async () => {
    await page.setViewportSize(tablet);
    try {
      await visit('/');
      const english = await navTexts(page);
      await page.click('header .lang button:has-text("中文")');
      await page.waitForFunction(documentLangIs, 'zh-CN');
      await waitForPageReady(page);
      const chinese = await navTexts(page);
      assert.equal(chinese.length, english.length);
      for (let i = 0; i < chinese.length; i++) {
        assert.notEqual(chinese[i], english[i], 'each nav entry is translated');
        assert.match(chinese[i]!, /\p{Script=Han}/u, `nav entry in Chinese: ${chinese[i]}`);
      }
      const want = await expectedOverview(server, range, 'zh-CN');
      assert.deepEqual(await readStats(page), want.stats, 'headline numbers formatted for zh-CN');
      const subtitle = await page.locator('main .subtitle').innerText();
      assert.ok(subtitle.includes(want.longFrom), `the subtitle's dates in Chinese (${want.longFrom}): ${subtitle}`);

      await page.reload();
      await waitForPageReady(page);
      assert.deepEqual(await navTexts(page), chinese, 'the choice is remembered after reload');
      for (const path of navPaths) {
        await visit(path);
        assert.match(await page.locator('main h1').first().innerText(), /\p{Script=Han}/u, `${path}: heading in Chinese`);
        for (const link of await page.locator('header nav a').all()) {
          assert.ok(await link.isVisible(), `${path}: nav link ${await link.innerText()} visible on a tablet`);
        }
        const overflow = await page.evaluate(horizontalOverflow);
        assert.ok(overflow <= 0, `${path}: the page is ${overflow}px wider than the tablet`);
        expectClean(`${path} in Chinese on a tablet`);
      }
      await page.click('header .lang button:has-text("English")');
      await page.waitForFunction(documentLangIs, 'en');
      assert.deepEqual(await navTexts(page), english, 'and back to English');
      expectClean('language switch');
    } finally {
      await page.setViewportSize(desktop);
    }
  });

  test('screenshots of every page in zh-CN and en', { skip: !screenshots && 'set LEARNLOOP_SCREENSHOTS=<dir> to save them' }, async () => {
    const dir = screenshots!;
    mkdirSync(dir, { recursive: true });
    for (const [locale, button] of [['zh-CN', '中文'], ['en', 'English']] as const) {
      await page.goto(at('/'));
      await page.click(`header .lang button:has-text("${button}")`);
      for (const path of navPaths) {
        await page.goto(at(path));
        await waitForPageReady(page);
        await page.screenshot({ path: join(dir, `${pageFileName(path)}.${locale}.png`), fullPage: true });
      }
    }
    expectClean('screenshots');
  });

  test('sign out returns to the sign-in page and ends the session', async () => {
    await page.goto(at('/'));
    await waitForPageReady(page);
    await page.click('header .topbar-end button.link');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await page.waitForSelector('form input[name="password"]');
    watch.allow(/\/v1\/(session|metrics\/span)$/, [401]);
    assert.equal(await page.evaluate(fetchStatus, '/v1/metrics/span'), 401, 'the cookie no longer signs in');
    await page.goto(at('/'));
    await page.waitForURL((u) => u.pathname === '/sign-in');
    if (screenshots) {
      for (const [locale, button] of [['zh-CN', '中文'], ['en', 'English']] as const) {
        await page.click(`form .lang button:has-text("${button}")`);
        await page.screenshot({ path: join(screenshots, `sign-in.${locale}.png`), fullPage: true });
      }
    }
    expectClean('sign-out');
  });

  test('the account page changes the password; the new one signs in and the old one no longer does', async () => {
    const signIn = async (password: string) => {
      await page.goto(at('/sign-in'));
      await page.fill('input[name="email"]', adminEmail);
      await page.fill('input[name="password"]', password);
      await page.click('button[type="submit"]');
    };
    watch.allow(/\/v1\/session$/, [401]);
    watch.allow(/\/v1\/metrics\/span$/, [401]);
    await signIn(adminPassword);
    await page.waitForSelector('header nav a');
    await page.click('header a.account');
    await page.waitForURL((u) => u.pathname === '/account');
    await waitForPageReady(page);
    const change = async (current: string, next: string) => {
      await page.fill('input[name="currentPassword"]', current);
      await page.fill('input[name="newPassword"]', next);
      await page.fill('input[name="repeatPassword"]', next);
      await page.click('form.account-form button[type="submit"]');
    };
    watch.allow(/\/v1\/session\/password$/, [403]);
    await change('not the password', 'a-new-password-42');
    assert.match(await page.locator('form.account-form [role="alert"]').innerText(), /current password is wrong/i);
    await change(adminPassword, 'a-new-password-42');
    assert.match(await page.locator('form.account-form [role="status"]').innerText(), /password changed/i);

    await page.click('header .topbar-end button.link');
    await page.waitForURL((u) => u.pathname === '/sign-in');
    await signIn(adminPassword);
    assert.match(await page.locator('form [role="alert"]').innerText(), /wrong email or password/i);
    await signIn('a-new-password-42');
    await page.waitForSelector('header nav a');
    assert.equal(pathname(), '/');
    watch.take();
  });
});

/** `[data-chart]` figures whose SVG has no drawn shape. */
function blankCharts(page: Page): Promise<string[]> {
  return page.$$eval('[data-chart]', blankChartLabels);
}

function firstDateInput(page: Page): Promise<string> {
  return page.inputValue('fieldset.date-range input[type="date"] >> nth=0');
}

function navTexts(page: Page): Promise<string[]> {
  return page.locator('header nav a').allInnerTexts();
}
