/**
 * Overview: are learners active, learning and paying? Headline numbers for the range with their
 * change against the previous range of the same length, and the daily/weekly/monthly lines behind them.
 * Reads `/v1/metrics/activity` and `/v1/metrics/stickiness`.
 */
import { useMemo, useState } from 'react';
import type { ActivityPoint, StickinessResult } from '../../../src/analytics/activity';
import { useApi } from '../api';
import { Chart } from '../components/chart';
import { DateRangePicker, useDateRange } from '../components/date-range';
import { Page, Section } from '../components/page';
import { changeOf, Stat } from '../components/stat';
import { Empty, Loaded } from '../components/status';
import { defineMessages, useLocale, useT } from '../i18n/i18n';

interface Activity { interval: string; tz: string; from: string; to: string; points: ActivityPoint[] }
type Stickiness = StickinessResult & { from: string; to: string };

const messages = defineMessages({
  en: {
    title: 'Overview', subtitle: 'Learners, learning and revenue from {from} to {to} ({tz}); changes compare with the {days} days before.',
    activeLearners: 'Active learners', avgDau: 'Average DAU', stickiness: 'Stickiness (DAU ÷ active)', newLearners: 'New learners',
    returning: 'Returning learners', returningDaily: 'Returning learners per day', learningMinutes: 'Learning minutes', revenue: 'Revenue', paying: 'Paying learners',
    activeChart: 'Active learners: new and returning', learningChart: 'Learning minutes and lessons completed', revenueChart: 'Revenue and paying learners',
    day: 'DAU', week: 'WAU', month: 'MAU', period: 'Period', lessons: 'Lessons completed', minutes: 'Minutes',
    noData: 'No events yet', noDataHint: 'Send events with the tracking API or a Segment SDK, or load the demo platform:',
  },
  zh: {
    title: '概览', subtitle: '{from} 至 {to}（{tz}）的学员、学习与收入；变化与之前 {days} 天相比。',
    activeLearners: '活跃学员', avgDau: '平均日活', stickiness: '粘性（日活 ÷ 活跃）', newLearners: '新学员',
    returning: '回访学员', returningDaily: '日均回访学员', learningMinutes: '学习分钟数', revenue: '收入', paying: '付费学员',
    activeChart: '活跃学员：新学员与回访学员', learningChart: '学习分钟数与完成课时', revenueChart: '收入与付费学员',
    day: '日活', week: '周活', month: '月活', period: '周期', lessons: '完成课时', minutes: '分钟',
    noData: '还没有事件', noDataHint: '用埋点 API 或 Segment SDK 发送事件，或加载演示平台：',
  },
});

const sum = (points: readonly ActivityPoint[], key: keyof ActivityPoint) => points.reduce((s, p) => s + Number(p[key] ?? 0), 0);

export function OverviewPage() {
  const t = useT(messages);
  const { fmt } = useLocale();
  const range = useDateRange();
  const [interval, setInterval] = useState<'day' | 'week' | 'month'>('day');
  const q = range.ready ? { from: range.from, to: range.to, tz: range.tz } : undefined;
  const qBefore = range.ready ? { from: range.previous.from, to: range.previous.to, tz: range.tz } : undefined;
  const days = useApi<Activity>(q ? '/v1/metrics/activity' : null, { ...q, interval: 'day' });
  const before = useApi<Activity>(qBefore ? '/v1/metrics/activity' : null, { ...qBefore, interval: 'day' });
  const sticky = useApi<Stickiness>(q ? '/v1/metrics/stickiness' : null, { ...q, interval: 'day' });
  const stickyBefore = useApi<Stickiness>(qBefore ? '/v1/metrics/stickiness' : null, { ...qBefore, interval: 'day' });
  const series = useApi<Activity>(q ? '/v1/metrics/activity' : null, { ...q, interval });

  if (range.empty) {
    return <Page title={t('title')}><Empty title={t('noData')} hint={t('noDataHint')} command="npx learnloop demo --users 1000 --days 90" /></Page>;
  }
  return (
    <Page title={t('title')} subtitle={range.ready ? t('subtitle', { from: fmt.date(range.from, 'long'), to: fmt.date(range.to, 'long'), tz: range.tz, days: range.days }) : undefined}
      actions={<DateRangePicker range={range} />}>
      <Loaded state={days}>{(now) => <Headline now={now.points} before={before.data?.points} sticky={sticky.data} stickyBefore={stickyBefore.data} />}</Loaded>
      <div className="grid">
        <Section wide title={t('activeChart')} actions={
          <div className="segmented" role="group" aria-label={t('period')}>
            {(['day', 'week', 'month'] as const).map((i) => <button key={i} type="button" aria-pressed={interval === i} onClick={() => setInterval(i)}>{t(i)}</button>)}
          </div>}>
          <Loaded state={series}>{(a) => <ActiveChart points={a.points} label={`${t('activeChart')} (${t(interval)})`} />}</Loaded>
        </Section>
        <Section title={t('learningChart')}>
          <Loaded state={days}>{(a) => <LearningChart points={a.points} />}</Loaded>
        </Section>
        <Section title={t('revenueChart')}>
          <Loaded state={days}>{(a) => <RevenueChart points={a.points} />}</Loaded>
        </Section>
      </div>
    </Page>
  );
}

function Headline({ now, before, sticky, stickyBefore }: { now: ActivityPoint[]; before?: ActivityPoint[]; sticky?: Stickiness; stickyBefore?: Stickiness }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const prev = (key: keyof ActivityPoint) => (before && before.length ? sum(before, key) : undefined);
  const avgDau = sum(now, 'activeUsers') / Math.max(1, now.length);
  const avgDauBefore = before && before.length ? sum(before, 'activeUsers') / before.length : undefined;
  const returning = sum(now, 'returningUsers') / Math.max(1, now.length);
  const returningBefore = before && before.length ? sum(before, 'returningUsers') / before.length : undefined;
  return (
    <div className="stats">
      <Stat label={t('activeLearners')} value={fmt.number(sticky?.activeUsers)} change={sticky && stickyBefore ? changeOf(sticky.activeUsers, stickyBefore.activeUsers) : undefined} />
      <Stat label={t('avgDau')} value={fmt.number(avgDau, 1)} change={changeOf(avgDau, avgDauBefore)} />
      <Stat label={t('stickiness')} value={fmt.percent(sticky?.stickiness)} change={sticky && stickyBefore ? changeOf(sticky.stickiness, stickyBefore.stickiness) : undefined} />
      <Stat label={t('newLearners')} value={fmt.number(sum(now, 'newUsers'))} change={changeOf(sum(now, 'newUsers'), prev('newUsers'))} />
      <Stat label={t('returningDaily')} value={fmt.number(returning, 1)} change={changeOf(returning, returningBefore)} />
      <Stat label={t('learningMinutes')} value={fmt.number(sum(now, 'learningMinutes'))} change={changeOf(sum(now, 'learningMinutes'), prev('learningMinutes'))} />
      <Stat label={t('revenue')} value={fmt.money(sum(now, 'revenue'))} change={changeOf(sum(now, 'revenue'), prev('revenue'))} />
    </div>
  );
}

function ActiveChart({ points, label }: { points: ActivityPoint[]; label: string }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: points.map((p) => fmt.date(p.period)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('newLearners'), type: 'bar', stack: 'active', data: points.map((p) => p.newUsers) },
      { name: t('returning'), type: 'bar', stack: 'active', data: points.map((p) => p.returningUsers) },
    ],
  }), [points, fmt, t]);
  return <Chart label={label} option={option} height={300} table={{
    columns: [t('period'), t('activeLearners'), t('newLearners'), t('returning')],
    rows: points.map((p) => [p.period, p.activeUsers, p.newUsers, p.returningUsers]),
  }} />;
}

function LearningChart({ points }: { points: ActivityPoint[] }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 56, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: points.map((p) => fmt.date(p.period)) },
    yAxis: [{ type: 'value', name: t('minutes') }, { type: 'value', name: t('lessons'), minInterval: 1 }],
    series: [
      { name: t('learningMinutes'), type: 'line', smooth: true, areaStyle: { opacity: 0.12 }, data: points.map((p) => Math.round(p.learningMinutes)) },
      { name: t('lessons'), type: 'bar', yAxisIndex: 1, data: points.map((p) => p.lessonsCompleted), itemStyle: { opacity: 0.5 } },
    ],
  }), [points, fmt, t]);
  return <Chart label={t('learningChart')} option={option} height={260} table={{
    columns: [t('period'), t('learningMinutes'), t('lessons')],
    rows: points.map((p) => [p.period, Math.round(p.learningMinutes), p.lessonsCompleted]),
  }} />;
}

function RevenueChart({ points }: { points: ActivityPoint[] }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 64, right: 48, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: points.map((p) => fmt.date(p.period)) },
    yAxis: [{ type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } }, { type: 'value', minInterval: 1 }],
    series: [
      { name: t('revenue'), type: 'bar', data: points.map((p) => Math.round(p.revenue)) },
      { name: t('paying'), type: 'line', yAxisIndex: 1, data: points.map((p) => p.payingUsers) },
    ],
  }), [points, fmt, t]);
  return <Chart label={t('revenueChart')} option={option} height={260} table={{
    columns: [t('period'), t('revenue'), t('paying')],
    rows: points.map((p) => [p.period, Math.round(p.revenue), p.payingUsers]),
  }} />;
}
