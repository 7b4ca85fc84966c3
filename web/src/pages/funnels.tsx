/**
 * Funnels: of the learners who did the first step, how many went on to each next one (in order,
 * within the conversion window), where they dropped, and how long each step took. The steps, the
 * window and the dates are in the URL (`?steps=Item Viewed,Order Completed&window=7d`), so a funnel
 * is shared by its link. Reads `/v1/metrics/funnel` and, for the pickers, `/v1/metrics/events`.
 */
import { useMemo } from 'react';
import type { FunnelStep } from '../../../src/analytics/funnel';
import type { EventsAnswer, FunnelAnswer } from '../../../src/analytics/metrics.service';
import { useApi } from '../api';
import { Chart } from '../components/chart';
import { DataTable } from '../components/data-table';
import { DateRangePicker, useDateRange } from '../components/date-range';
import { Page, Section } from '../components/page';
import { oneOf } from '../components/segmented';
import { Stat } from '../components/stat';
import { Empty, Loaded } from '../components/status';
import { useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';
import { funnelMessages } from './funnels-messages';
import { FunnelSteps, maxSteps, minSteps } from './funnels-steps';

/** What a knowledge platform asks first: do viewers buy, and do buyers learn? */
export const defaultSteps = ['Item Viewed', 'Order Completed', 'Lesson Started', 'Lesson Completed'];
const windows = ['1h', '24h', '7d', '14d', '30d'] as const;
const windowKey = { '1h': 'w1h', '24h': 'w24h', '7d': 'w7d', '14d': 'w14d', '30d': 'w30d' } as const;

function stepsOf(text: string | null): string[] {
  const steps = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return steps.length >= minSteps && steps.length <= maxSteps ? steps : defaultSteps;
}

export function FunnelsPage() {
  const t = useT(funnelMessages);
  const { fmt } = useLocale();
  const query = useQuery();
  const range = useDateRange();
  const steps = stepsOf(query.get('steps'));
  const window = oneOf(query.get('window'), windows, '7d');
  const q = range.ready ? { from: range.from, to: range.to, tz: range.tz } : undefined;
  const events = useApi<EventsAnswer>(q ? '/v1/metrics/events' : null, q);
  const funnel = useApi<FunnelAnswer>(q ? '/v1/metrics/funnel' : null, q && { ...q, steps: steps.join(','), window });
  const edit = (next: string[]) => setQuery({ steps: next.join(',') }, { push: true });

  if (range.empty) {
    return <Page title={t('title')}><Empty title={t('noEvents')} hint={t('noEventsHint')} command="npx learnloop demo --users 1000 --days 90" /></Page>;
  }
  return (
    <Page title={t('title')}
      subtitle={range.ready ? t('subtitle', { from: fmt.date(range.from, 'long'), to: fmt.date(range.to, 'long'), tz: range.tz }) : undefined}
      actions={<DateRangePicker range={range} />}>
      <div className="funnel-layout">
        <Section title={t('steps')} actions={query.get('steps') ? <a href={`/funnels${keepRange(query)}`}>{t('reset')}</a> : undefined}>
          <FunnelSteps steps={steps} events={events.data?.events} onChange={edit} />
          <label className="funnel-window">
            <span className="muted">{t('window')}</span>
            <select value={window} onChange={(e) => setQuery({ window: e.target.value === '7d' ? undefined : e.target.value })}>
              {windows.map((w) => <option key={w} value={w}>{t(windowKey[w])}</option>)}
            </select>
            <small className="muted">{t('windowHint')}</small>
          </label>
        </Section>
        <div className="funnel-result">
          <Loaded state={funnel}>{(f) => f.steps[0]!.users === 0
            ? <Section title={t('chart')}><Empty title={t('noEntrants', { event: f.steps[0]!.event })} hint={t('noEntrantsHint')} /></Section>
            : <FunnelResult answer={f} />}</Loaded>
        </div>
      </div>
    </Page>
  );
}

/** The date range of the current URL, for links that change everything else. */
function keepRange(query: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const key of ['from', 'to', 'tz']) { const v = query.get(key); if (v) kept.set(key, v); }
  const s = kept.toString();
  return s ? `?${s}` : '';
}

/** Seconds as the largest unit that keeps the number readable ("42 min", "3.5 h"). */
function useDuration() {
  const t = useT(funnelMessages);
  const { fmt } = useLocale();
  return (seconds: number | null) => {
    if (seconds === null) return '—';
    if (seconds < 60) return t('s', { n: fmt.number(seconds) });
    if (seconds < 3600) return t('min', { n: fmt.number(seconds / 60, 1) });
    if (seconds < 86_400) return t('h', { n: fmt.number(seconds / 3600, 1) });
    return t('d', { n: fmt.number(seconds / 86_400, 1) });
  };
}

function FunnelResult({ answer }: { answer: FunnelAnswer }) {
  const t = useT(funnelMessages);
  const { fmt } = useLocale();
  const duration = useDuration();
  const steps = answer.steps;
  const last = steps[steps.length - 1]!;
  const label = t('chartLabel', { steps: steps.map((s) => s.event).join(' → ') });
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 56, right: 16, top: 36, bottom: 48 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: steps.map((s, i) => `${i + 1}. ${s.event}`), axisLabel: { interval: 0, width: 110, overflow: 'break' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
    series: [
      {
        name: t('learners'), type: 'bar', stack: 'funnel', barMaxWidth: 90, data: steps.map((s) => s.users), itemStyle: { color: '#2563eb' },
        label: { show: true, position: 'insideTop', color: '#fff', fontWeight: 600, formatter: (p: { dataIndex: number }) => fmt.percent(steps[p.dataIndex]!.conversion) },
      },
      // The learners lost since the previous step sit on top, so each bar reads as "of the previous step".
      { name: t('droppedLegend'), type: 'bar', stack: 'funnel', data: steps.map((s) => s.dropped), itemStyle: { color: '#e5e7eb' } },
    ],
  }), [steps, fmt, t]);
  return (
    <>
      <div className="stats">
        <Stat label={t('entrants')} value={fmt.number(steps[0]!.users)} />
        <Stat label={t('overall')} value={fmt.percent(last.conversion)} hint={t('step', { n: steps.length })} />
        <Stat label={t('median')} value={duration(last.medianSecondsFromStart)} />
      </div>
      <Section title={t('chart')}>
        <Chart label={label} option={option} height={340} table={{
          columns: [t('event'), t('users'), t('conversion'), t('stepConversion'), t('dropped')],
          rows: steps.map((s) => [s.event, s.users, fmt.percent(s.conversion), fmt.percent(s.stepConversion), s.dropped]),
        }} />
      </Section>
      <Section title={t('table')}>
        <DataTable<FunnelStep & { n: number }> label={t('tableLabel')} rows={steps.map((s, i) => ({ ...s, n: i + 1 }))} rowKey={(s) => String(s.n)}
          columns={[
            { key: 'n', label: '#', value: (s) => s.n, numeric: true },
            { key: 'event', label: t('event'), value: (s) => s.event },
            { key: 'users', label: t('users'), value: (s) => s.users, show: (s) => fmt.number(s.users), numeric: true },
            { key: 'conversion', label: t('conversion'), value: (s) => s.conversion, show: (s) => fmt.percent(s.conversion), numeric: true },
            { key: 'step', label: t('stepConversion'), value: (s) => s.stepConversion, show: (s) => (s.n === 1 ? '—' : fmt.percent(s.stepConversion)), numeric: true },
            { key: 'dropped', label: t('dropped'), value: (s) => s.dropped, show: (s) => (s.n === 1 ? '—' : fmt.number(s.dropped)), numeric: true },
            { key: 'prev', label: t('fromPrevious'), value: (s) => s.medianSecondsFromPrevious, show: (s) => duration(s.medianSecondsFromPrevious), numeric: true },
            { key: 'start', label: t('fromStart'), value: (s) => s.medianSecondsFromStart, show: (s) => duration(s.medianSecondsFromStart), numeric: true },
          ]} />
      </Section>
    </>
  );
}
