/**
 * The date range of a page, kept in the URL (`?from=2026-03-01&to=2026-03-31`) so a link shows the
 * same numbers. Without one in the URL, the range is the last 30 days that have data (from
 * `/v1/metrics/span`), not the last 30 days of the wall clock: imported history shows up at once.
 *
 * @example
 *   const range = useDateRange();
 *   const activity = useApi(range.ready ? '/v1/metrics/activity' : null, { from: range.from, to: range.to });
 *   <DateRangePicker range={range} />
 */
import { useApi } from '../api';
import { defineMessages, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';

export interface Span {
  tz: string;
  from: string | null;
  to: string | null;
  firstEventAt: string | null;
  lastEventAt: string | null;
}

export interface DateRange {
  ready: boolean;
  /** No event at all yet. */
  empty: boolean;
  from: string;
  to: string;
  days: number;
  /** The time zone of the days (`?tz=`, default the project's). */
  tz: string;
  /** The same number of days just before `from`. */
  previous: { from: string; to: string };
  span: Span | undefined;
}

const dayMs = 86_400_000;
export const addDays = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs) + 1;
const isDate = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));

export function useDateRange(defaultDays = 30): DateRange {
  const query = useQuery();
  const span = useApi<Span>('/v1/metrics/span');
  const qFrom = query.get('from'), qTo = query.get('to');
  const tz = query.get('tz') || span.data?.tz || 'UTC';
  const to = isDate(qTo) ? qTo : span.data?.to ?? '';
  let from = isDate(qFrom) ? qFrom : to ? addDays(to, -(defaultDays - 1)) : '';
  if (!isDate(qFrom) && span.data?.from && from < span.data.from) from = span.data.from;
  const ready = !!from && !!to && from <= to;
  const days = ready ? daysBetween(from, to) : 0;
  return {
    ready, from, to, days, tz,
    empty: span.data !== undefined && span.data.to === null,
    previous: ready ? { from: addDays(from, -days), to: addDays(from, -1) } : { from: '', to: '' },
    span: span.data,
  };
}

const messages = defineMessages({
  en: { from: 'From', to: 'To', last: 'Last {n} days', all: 'All', range: 'Date range', tz: 'Time zone', project: 'project' },
  zh: { from: '开始', to: '结束', last: '近 {n} 天', all: '全部', range: '日期范围', tz: '时区', project: '项目' },
});

function zones(projectTz: string | undefined): string[] {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return [...new Set([projectTz, 'UTC', browser].filter((z): z is string => !!z))];
}

export function DateRangePicker({ range, presets = [7, 30, 90] }: { range: DateRange; presets?: number[] }) {
  const t = useT(messages);
  if (!range.ready) return null;
  const end = range.span?.to ?? range.to;
  return (
    <fieldset className="date-range" aria-label={t('range')}>
      {presets.map((n) => {
        const from = addDays(end, -(n - 1));
        const active = range.to === end && range.from === from;
        return <button key={n} type="button" className={active ? 'chip active' : 'chip'} onClick={() => setQuery({ from, to: end }, { push: true })}>{t('last', { n })}</button>;
      })}
      {range.span?.from && (
        <button type="button" className={range.from === range.span.from && range.to === end ? 'chip active' : 'chip'}
          onClick={() => setQuery({ from: range.span!.from!, to: end }, { push: true })}>{t('all')}</button>
      )}
      <label>{t('from')} <input type="date" value={range.from} max={range.to} onChange={(e) => isDate(e.target.value) && setQuery({ from: e.target.value })} /></label>
      <label>{t('to')} <input type="date" value={range.to} min={range.from} onChange={(e) => isDate(e.target.value) && setQuery({ to: e.target.value })} /></label>
      <label>{t('tz')} <select value={range.tz} onChange={(e) => setQuery({ tz: e.target.value === range.span?.tz ? undefined : e.target.value })}>
        {zones(range.span?.tz).map((z) => <option key={z} value={z}>{z === range.span?.tz ? `${z} (${t('project')})` : z}</option>)}
      </select></label>
    </fieldset>
  );
}
