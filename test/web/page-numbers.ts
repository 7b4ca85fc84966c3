/**
 * Per-page checks that a page draws the numbers the API answers: each reads the data tables
 * behind the page's charts (or its tables) and compares them with the API's answer for the page's
 * default query, computed here. A page that is not in the navigation yet is skipped by the caller.
 *
 * @example
 *   for (const check of pageNumberChecks) await check.run(page, server);   // on check.path, ready
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { MetricsService } from '../../src/analytics/metrics.service.js';
import type { DashboardServer } from './harness.js';
import { rowTexts } from './in-page.js';
import { defaultRange, formatsFor } from './overview-numbers.js';

type RetentionAnswer = Awaited<ReturnType<MetricsService['retention']>>;
type LifecycleAnswer = Awaited<ReturnType<MetricsService['lifecycle']>>;
type Rows = string[][];

export interface PageNumberCheck {
  path: string;
  /** What is compared, for the test's name. */
  what: string;
  /** Asserts; the page is open at `path` with its default query, settled, in English. */
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

export const pageNumberChecks: readonly PageNumberCheck[] = [retention];
