/**
 * The learner's timeline, newest first, in the current language; "older" pages back with the
 * API's `before` cursor and appends, so the operator reads on without losing their place.
 */
import { useEffect, useState } from 'react';
import type { TimelineEntry } from '../../../../src/profiles/timeline';
import { api, ApiError, useApi } from '../../api';
import { Section } from '../../components/page';
import { Empty, ErrorNote, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';

interface TimelinePage { userId: string; timezone: string; entries: TimelineEntry[]; next: string | null }

const pageSize = 30;

const messages = defineMessages({
  en: { title: 'Timeline', older: 'Older events', loading: 'Loading…', empty: 'No events from this learner yet', emptyHint: 'Events arrive through the tracking API or a Segment SDK.', tz: 'times in {tz}', list: 'Timeline of events' },
  zh: { title: '时间线', older: '更早的事件', loading: '加载中…', empty: '该学员还没有事件', emptyHint: '事件通过埋点 API 或 Segment SDK 到达。', tz: '时间为 {tz}', list: '事件时间线' },
});

export function TimelineSection({ userId }: { userId: string }) {
  const t = useT(messages);
  const first = useApi<TimelinePage>(`/v1/users/${encodeURIComponent(userId)}/timeline`, { limit: pageSize });
  const [older, setOlder] = useState<{ entries: TimelineEntry[]; next: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setOlder(null), [first.data]);

  const more = async (before: string) => {
    setBusy(true);
    setError(null);
    try {
      const page = await api<TimelinePage>(`/v1/users/${encodeURIComponent(userId)}/timeline`, { query: { limit: pageSize, before } });
      setOlder((o) => ({ entries: [...(o?.entries ?? []), ...page.entries], next: page.next }));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('title')} actions={first.data && <span className="muted">{t('tz', { tz: first.data.timezone })}</span>}>
      <Loaded state={first}>{(page) => {
        const entries = [...page.entries, ...(older?.entries ?? [])];
        const next = older ? older.next : page.next;
        if (entries.length === 0) return <Empty title={t('empty')} hint={t('emptyHint')} />;
        return (
          <>
            <Entries entries={entries} />
            {error && <ErrorNote error={error} />}
            {next && <button type="button" className="secondary" disabled={busy} onClick={() => more(next)}>{busy ? t('loading') : t('older')}</button>}
          </>
        );
      }}</Loaded>
    </Section>
  );
}

function Entries({ entries }: { entries: TimelineEntry[] }) {
  const t = useT(messages);
  const { locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  let day = '';
  return (
    <ol className="timeline" aria-label={t('list')}>
      {entries.map((e, i) => {
        const d = e.local.slice(0, 10);
        const heading = d !== day ? (day = d) : null;
        return (
          <li key={`${e.at}-${i}`} data-event={e.event}>
            {heading && <div className="timeline-day">{heading}</div>}
            <time dateTime={e.at}>{e.local.slice(11)}</time> <span title={e.itemId ?? e.event}>{e.text[lang]}</span>
          </li>
        );
      })}
    </ol>
  );
}
