/**
 * What the overview must show, computed here from the API's own answers (never from the page), and
 * how to read what it does show: its headline numbers and the data tables behind its charts.
 *
 * @example
 *   const range = await defaultRange(server);
 *   const want = await expectedOverview(server, range, 'en');
 *   assert.deepEqual(await readStats(page), want.stats);
 *   assert.deepEqual(await readChartTable(page, 'Revenue and paying learners'), want.revenue);
 */
import type { Page } from 'playwright-core';
import type { ActivityPoint, StickinessResult } from '../../src/analytics/activity.js';
import type { DashboardServer } from './harness.js';
import { rowTexts } from './in-page.js';

export type Locale = 'en' | 'zh-CN';

/** The range a page shows without `?from&to`: the last 30 days with data, in the project's time zone. */
export interface Range {
  from: string;
  to: string;
  tz: string;
}

const dayMs = 86_400_000;
const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

export async function defaultRange(server: DashboardServer, days = 30): Promise<Range> {
  const span = await server.api<{ tz: string; from: string | null; to: string | null }>('/v1/metrics/span');
  if (!span.from || !span.to) throw new Error('the demo platform has no events');
  const from = addDays(span.to, -(days - 1));
  return { from: from < span.from ? span.from : from, to: span.to, tz: span.tz };
}

/** The dashboard's formatting rules for a locale, written out independently of its code. */
export function formatsFor(locale: Locale) {
  const number = (x: number, digits = 0) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(x);
  return {
    number,
    percent: (x: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(x),
    money: (x: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', maximumFractionDigits: 0 }).format(x),
    longDate: (iso: string) => new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${iso}T00:00:00Z`)),
  };
}

type Rows = string[][];

export interface OverviewExpectation {
  /** Active learners, average DAU, stickiness, new, returning per day, learning minutes, revenue. */
  stats: string[];
  active: { day: Rows; week: Rows };
  learning: Rows;
  revenue: Rows;
  longFrom: string;
}

const sum = (points: readonly ActivityPoint[], key: keyof ActivityPoint) => points.reduce((s, p) => s + Number(p[key] ?? 0), 0);
const cells = (values: (string | number)[]) => values.map(String);

export async function expectedOverview(server: DashboardServer, range: Range, locale: Locale): Promise<OverviewExpectation> {
  const q = { from: range.from, to: range.to, tz: range.tz };
  const [days, weeks, sticky] = await Promise.all([
    server.api<{ points: ActivityPoint[] }>('/v1/metrics/activity', { ...q, interval: 'day' }),
    server.api<{ points: ActivityPoint[] }>('/v1/metrics/activity', { ...q, interval: 'week' }),
    server.api<StickinessResult>('/v1/metrics/stickiness', { ...q, interval: 'day' }),
  ]);
  const f = formatsFor(locale);
  const p = days.points;
  const n = Math.max(1, p.length);
  const activeRows = (points: ActivityPoint[]) => points.map((x) => cells([x.period, x.activeUsers, x.newUsers, x.returningUsers]));
  return {
    stats: [
      f.number(sticky.activeUsers),
      f.number(sum(p, 'activeUsers') / n, 1),
      f.percent(sticky.stickiness),
      f.number(sum(p, 'newUsers')),
      f.number(sum(p, 'returningUsers') / n, 1),
      f.number(sum(p, 'learningMinutes')),
      f.money(sum(p, 'revenue')),
    ],
    active: { day: activeRows(p), week: activeRows(weeks.points) },
    learning: p.map((x) => cells([x.period, Math.round(x.learningMinutes), x.lessonsCompleted])),
    revenue: p.map((x) => cells([x.period, Math.round(x.revenue), x.payingUsers])),
    longFrom: f.longDate(range.from),
  };
}

/** The headline numbers of the page, in order. */
export function readStats(page: Page): Promise<string[]> {
  return page.locator('main .stat .stat-value').allInnerTexts().then((texts) => texts.map((t) => t.trim()));
}

/** The rows of the data table behind the chart labelled `label` (read from the DOM, open or not). */
export async function readChartTable(page: Page, label: string): Promise<Rows> {
  const figure = page.locator(`figure[data-chart="${label.replace(/"/g, '\\"')}"]`);
  if ((await figure.count()) !== 1) throw new Error(`no single chart labelled "${label}" on ${page.url()}`);
  return figure.locator('details table tbody tr').evaluateAll(rowTexts);
}
