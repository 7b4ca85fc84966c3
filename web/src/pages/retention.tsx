/**
 * Retention: do learners come back? A cohort heat map (cohorts by first visit or first purchase,
 * share back in each later period) whose cells open the learners behind them, and the lifecycle
 * of the active learners per period (new, returning, resurrecting; dormant drawn below zero).
 * Reads `/v1/metrics/retention`, `/v1/metrics/retention/users` and `/v1/metrics/lifecycle`.
 * Period, cohort, criterion and the open cell live in the URL.
 */
import { useMemo } from 'react';
import type { LifecycleAnswer, RetentionAnswer } from '../../../src/analytics/metrics.service';
import { useApi } from '../api';
import { Chart } from '../components/chart';
import { DateRangePicker, useDateRange } from '../components/date-range';
import { Page, Section } from '../components/page';
import { oneOf, Segmented } from '../components/segmented';
import { Empty, Loaded } from '../components/status';
import { useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';
import { CohortLearners, type RetentionQuery } from './retention-learners';
import { retentionMessages, type Period } from './retention-messages';

const periods = ['day', 'week', 'month'] as const;
const cohortKinds = ['first_seen', 'first_purchase'] as const;
const criteria = ['on', 'on_or_after'] as const;

export function RetentionPage() {
  const t = useT(retentionMessages);
  const { fmt } = useLocale();
  const query = useQuery();
  const range = useDateRange(90);
  const period = oneOf(query.get('period'), periods, 'week');
  const cohort = oneOf(query.get('cohort'), cohortKinds, 'first_seen');
  const criterion = oneOf(query.get('criterion'), criteria, 'on');
  const q: RetentionQuery | undefined = range.ready ? { from: range.from, to: range.to, tz: range.tz, period, cohort, criterion } : undefined;
  const retention = useApi<RetentionAnswer>(q ? '/v1/metrics/retention' : null, { ...q });
  const lifecycle = useApi<LifecycleAnswer>(q ? '/v1/metrics/lifecycle' : null, q && { from: q.from, to: q.to, tz: q.tz, interval: period });
  const cellCohort = query.get('cohortPeriod');
  const cellOffset = Number(query.get('offset'));
  const cell = cellCohort && Number.isInteger(cellOffset) && cellOffset >= 0 ? { cohortPeriod: cellCohort, offset: cellOffset } : undefined;
  // A new choice of cohorts makes the open cell meaningless.
  const choose = (updates: Record<string, string>) => setQuery({ ...updates, cohortPeriod: undefined, offset: undefined });

  if (range.empty) {
    return <Page title={t('title')}><Empty title={t('noData')} hint={t('noDataHint')} command="npx learnloop demo --users 1000 --days 90" /></Page>;
  }
  return (
    <Page title={t('title')}
      subtitle={range.ready ? t('subtitle', { from: fmt.date(range.from, 'long'), to: fmt.date(range.to, 'long'), tz: range.tz }) : undefined}
      actions={<DateRangePicker range={range} presets={[30, 90, 180]} />}>
      <div className="row retention-controls">
        <Segmented label={t('period')} value={period} onChange={(v) => choose({ period: v })}
          options={periods.map((p) => ({ value: p, label: t(p) }))} />
        <Segmented label={t('cohortBy')} value={cohort} onChange={(v) => choose({ cohort: v })}
          options={[{ value: 'first_seen', label: t('firstSeen') }, { value: 'first_purchase', label: t('firstPurchase') }]} />
        <Segmented label={t('criterion')} value={criterion} onChange={(v) => choose({ criterion: v })}
          options={[{ value: 'on', label: t('on'), title: t('onHint') }, { value: 'on_or_after', label: t('onOrAfter'), title: t('onOrAfterHint') }]} />
      </div>
      <Section wide title={t('heatmap')}>
        <Loaded state={retention}>{(r) => <CohortHeatmap answer={r} cell={cell}
          onCell={(c) => setQuery({ cohortPeriod: c.cohortPeriod, offset: c.offset }, { push: true })} />}</Loaded>
      </Section>
      {q && cell && retention.data && (
        <CohortLearners query={q} cell={cell} answer={retention.data} onClose={() => setQuery({ cohortPeriod: undefined, offset: undefined })} />
      )}
      <Section wide title={t('lifecycle')}>
        <Loaded state={lifecycle}>{(l) => <LifecycleChart answer={l} />}</Loaded>
      </Section>
    </Page>
  );
}

/** "Week 2" / "第 2 周": the k-th period after the cohort's. */
export function useOffsetLabel(period: Period) {
  const t = useT(retentionMessages);
  return (k: number) => t(`${period}N`, { n: k });
}

function CohortHeatmap({ answer, cell, onCell }: {
  answer: RetentionAnswer;
  cell?: { cohortPeriod: string; offset: number };
  onCell: (cell: { cohortPeriod: string; offset: number }) => void;
}) {
  const t = useT(retentionMessages);
  const { fmt } = useLocale();
  const period = answer.period as Period;
  const offsetLabel = useOffsetLabel(period);
  const cohorts = useMemo(() => answer.cohorts.filter((c) => c.size > 0), [answer]);
  const width = cohorts.reduce((m, c) => Math.max(m, c.retained.length), 0);
  const label = t('heatmapLabel', { period: t(period), cohort: t(answer.cohortBy === 'first_purchase' ? 'firstPurchase' : 'firstSeen') });
  const option = useMemo(() => {
    const rowName = (c: (typeof cohorts)[number]) => `${fmt.date(c.cohort, period === 'day' ? 'short' : 'long')} · ${fmt.number(c.size)}`;
    // Newest cohort at the bottom, as in every retention table.
    const rows = cohorts.map(rowName).reverse();
    const data: { value: [number, number, number, number]; itemStyle?: object }[] = [];
    cohorts.forEach((c, i) => c.retained.forEach((n, k) => {
      const open = cell?.cohortPeriod === c.cohort && cell.offset === k;
      data.push({ value: [k, cohorts.length - 1 - i, Math.round((n / c.size) * 1000) / 10, n], ...(open ? { itemStyle: { borderColor: '#111827', borderWidth: 2 } } : {}) });
    }));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (p: { value: [number, number, number, number] }) => {
          const [k, y, share, n] = p.value;
          const c = cohorts[cohorts.length - 1 - y]!;
          return t('cellTooltip', { cohort: fmt.date(c.cohort, 'long'), offset: offsetLabel(k), n: fmt.number(n), size: fmt.number(c.size), share: fmt.percent(share / 100) });
        },
      },
      grid: { left: period === 'day' ? 110 : 140, right: 16, top: 8, bottom: 64 },
      xAxis: { type: 'category', data: Array.from({ length: width }, (_, k) => offsetLabel(k)), splitArea: { show: true }, position: 'top' },
      yAxis: { type: 'category', data: rows, splitArea: { show: true } },
      visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 160, text: ['100%', '0%'],
        inRange: { color: ['#f8fafc', '#bfdbfe', '#2563eb', '#1e3a8a'] }, dimension: 2 },
      series: [{
        type: 'heatmap', data, cursor: 'pointer',
        label: { show: width <= 16, formatter: (p: { value: [number, number, number] }) => `${Math.round(p.value[2])}%`, fontSize: 11 },
        emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 1 } },
      }],
    };
  }, [cohorts, width, period, fmt, t, offsetLabel, cell]);
  if (cohorts.length === 0) return <Empty title={t('noCohorts')} hint={t(answer.cohortBy === 'first_purchase' ? 'noBuyersHint' : 'noCohortsHint')} />;
  return (
    <>
      <p className="muted retention-hint">{t('clickHint')}</p>
      <Chart label={label} option={option} height={Math.max(220, cohorts.length * 26 + 90)}
        onClick={(p) => {
          const d = p.value as [number, number] | undefined;
          const c = d ? cohorts[cohorts.length - 1 - d[1]] : undefined;
          if (c && d) onCell({ cohortPeriod: c.cohort, offset: d[0] });
        }}
        table={{
          columns: [t('cohort'), t('size'), ...Array.from({ length: width }, (_, k) => offsetLabel(k))],
          rows: cohorts.map((c) => [c.cohort, c.size, ...c.retained.map((n) => `${n} (${fmt.percent(n / c.size)})`)]),
        }} />
    </>
  );
}

function LifecycleChart({ answer }: { answer: LifecycleAnswer }) {
  const t = useT(retentionMessages);
  const { fmt } = useLocale();
  const points = answer.points;
  const label = t('lifecycleLabel', { period: t(answer.interval as Period) });
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt.number(Math.abs(v)) },
    xAxis: { type: 'category', data: points.map((p) => fmt.date(p.period)) },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.compact(Math.abs(v)) } },
    series: [
      { name: t('new'), type: 'bar', stack: 'up', data: points.map((p) => p.new), itemStyle: { color: '#2563eb' } },
      { name: t('returning'), type: 'bar', stack: 'up', data: points.map((p) => p.returning), itemStyle: { color: '#16a34a' } },
      { name: t('resurrecting'), type: 'bar', stack: 'up', data: points.map((p) => p.resurrecting), itemStyle: { color: '#f59e0b' } },
      // Dormant learners are a loss: drawn below zero, so the bars read as inflow against outflow.
      { name: t('dormant'), type: 'bar', stack: 'down', data: points.map((p) => -p.dormant), itemStyle: { color: '#dc2626' } },
    ],
  }), [points, fmt, t]);
  if (points.every((p) => p.new + p.returning + p.resurrecting + p.dormant === 0)) {
    return <Empty title={t('noActivity')} hint={t('noDataHint')} command="npx learnloop demo --users 1000 --days 90" />;
  }
  return <Chart label={label} option={option} height={320} table={{
    columns: [t('periodColumn'), t('new'), t('returning'), t('resurrecting'), t('dormant')],
    rows: points.map((p) => [p.period, p.new, p.returning, p.resurrecting, p.dormant]),
  }} />;
}
