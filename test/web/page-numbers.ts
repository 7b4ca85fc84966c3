/**
 * Per-page checks that a page draws the numbers the API answers: each reads the data tables
 * behind the page's charts (or its tables) and compares them with the API's answer for the page's
 * default query, computed here (a list page may open its first detail page and check that). A page
 * that is not in the navigation yet is skipped by the caller.
 *
 * @example
 *   for (const check of pageNumberChecks) await check.run(page, server);   // on check.path, ready
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CourseDropoff } from '../../src/analytics/dropoff.js';
import type { MetricsService } from '../../src/analytics/metrics.service.js';
import type { CatalogItem } from '../../src/catalog/item.js';
import type { ItemQuality, ItemQualityDetail } from '../../src/quality/report.js';
import { waitForPageReady, type DashboardServer } from './harness.js';
import { rowTexts } from './in-page.js';
import { defaultRange, formatsFor } from './overview-numbers.js';

type RetentionAnswer = Awaited<ReturnType<MetricsService['retention']>>;
type LifecycleAnswer = Awaited<ReturnType<MetricsService['lifecycle']>>;
type Rows = string[][];

export interface PageNumberCheck {
  path: string;
  /** What is compared, for the test's name. */
  what: string;
  /** Asserts; the page is open at `path` with its default query, settled, in English (it may navigate on). */
  run(page: Page, server: DashboardServer): Promise<void>;
}

const cells = (values: (string | number)[]) => values.map(String);

/** The rows of the data table behind the `index`-th chart of the page (labels are the page's to change). */
export async function readFigureTable(page: Page, index: number): Promise<Rows> {
  const figure = page.locator('figure[data-chart]').nth(index);
  return figure.locator('details table tbody tr').evaluateAll(rowTexts);
}

const retention: PageNumberCheck = {
  path: '/retention',
  what: 'cohort cells and lifecycle bars',
  async run(page, server) {
    // The retention page looks back 90 days by default, weekly cohorts by first visit.
    const range = await defaultRange(server, 90);
    const q = { from: range.from, to: range.to, tz: range.tz };
    const [r, l] = await Promise.all([
      server.api<RetentionAnswer>('/v1/metrics/retention', { ...q, period: 'week', cohort: 'first_seen', criterion: 'on' }),
      server.api<LifecycleAnswer>('/v1/metrics/lifecycle', { ...q, interval: 'week' }),
    ]);
    const percent = formatsFor('en').percent;
    const cohorts = r.cohorts.filter((c) => c.size > 0);
    assert.ok(cohorts.length >= 3, 'the demo has several weekly cohorts');
    assert.deepEqual(await readFigureTable(page, 0),
      cohorts.map((c) => cells([c.cohort, c.size, ...c.retained.map((n) => `${n} (${percent(n / c.size)})`)])), 'cohort cells');
    assert.deepEqual(await readFigureTable(page, 1),
      l.points.map((p) => cells([p.period, p.new, p.returning, p.resurrecting, p.dormant])), 'lifecycle bars');
  },
};

type ListedQuality = ItemQuality & Pick<ItemQualityDetail, 'title' | 'category'>;

const quality: PageNumberCheck = {
  path: '/quality',
  what: 'course scores, their histogram and the headline counts',
  async run(page, server) {
    // The list's default: courses, best score first, with titles.
    const { items } = await server.api<{ items: ListedQuality[] }>('/v1/quality/items', { type: 'course', sort: '-score', titles: 'true' });
    assert.ok(items.length >= 5, 'the demo catalog has courses with scores');
    const f = formatsFor('en');
    const stats = await page.locator('main .stat .stat-value').allInnerTexts();
    assert.deepEqual(stats.slice(0, 2), [f.number(items.length), f.number(items.reduce((s, it) => s + it.score, 0) / items.length, 1)], 'items and average score');
    const bands = new Array<number>(10).fill(0);
    for (const it of items) bands[Math.min(9, Math.floor(it.score / 10))]!++;
    assert.deepEqual((await readFigureTable(page, 0)).map((row) => Number(row[1])), bands, 'score histogram');
    const rows = await page.locator('main table.data-table tbody tr').evaluateAll(rowTexts);
    assert.ok(rows.length > 0 && rows.length <= items.length);
    assert.deepEqual(rows.map((r) => [r[0], r[2]]), items.slice(0, rows.length).map((it) => [`${it.title}${it.itemId}`, f.number(it.score, 1)]), 'rows in the API\'s order with their scores');
  },
};

const courseDropoff: PageNumberCheck = {
  path: '/courses',
  what: 'the lesson drop-off bars of the course with the most learners',
  async run(page, server) {
    await page.locator('main table.data-table tbody tr').first().locator('a').click();
    await page.waitForURL((u) => u.pathname.startsWith('/courses/'));
    await waitForPageReady(page);
    const courseId = decodeURIComponent(new URL(page.url()).pathname.slice('/courses/'.length));
    const course = await server.api<CatalogItem>(`/v1/items/${encodeURIComponent(courseId)}`);
    // A paid course's audience is its buyers; a free one's, whoever started it.
    const audience = Number(course.price) > 0 ? 'buyers' : 'starters';
    const d = await server.api<CourseDropoff>('/v1/metrics/dropoff', { course: courseId, audience });
    assert.ok(d.lessons.length >= 2 && d.audience > 0, `${courseId} has lessons and an audience`);
    assert.equal(await page.locator('main h1').innerText(), course.title);
    assert.deepEqual(await readFigureTable(page, 0),
      d.lessons.map((l) => cells([`${l.position}. ${l.title}`, l.started, l.finished, l.abandonedHere])), 'per-lesson bars');
    assert.equal((await page.locator('main .stat .stat-value').first().innerText()).trim(), formatsFor('en').number(d.audience), 'audience size');
  },
};

export const pageNumberChecks: readonly PageNumberCheck[] = [retention, courseDropoff, quality];
