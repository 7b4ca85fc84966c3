/**
 * Learners: find a learner by id, name or e-mail and open their page. The search, the order and
 * the page cursor live in the query string (`/learners?q=张&order=recent`), so a search is a link.
 * Reads `GET /v1/users?q=&order=&after=&limit=`.
 */
import { useEffect, useState } from 'react';
import type { Learner, LearnerPage } from '../../../src/ingest/users.store';
import { useApi } from '../api';
import { DataTable } from '../components/data-table';
import { Page, Section } from '../components/page';
import { Empty, Loaded } from '../components/status';
import { defineMessages, useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';

const pageSize = 50;
const dayMs = 86_400_000;

const messages = defineMessages({
  en: {
    title: 'Learners', subtitle: 'Search a learner by id, name or e-mail; open one to see their profile, risk and recommendations.',
    search: 'Search learners', placeholder: 'Id, name or e-mail…', order: 'Order', recent: 'Last seen first', byId: 'By id',
    results: 'Learners', matching: 'Learners matching “{q}”', table: 'Learners list',
    id: 'Learner', name: 'Name', email: 'E-mail', city: 'City', plan: 'Plan', firstSeen: 'First seen', lastSeen: 'Last seen', robot: 'robot',
    next: 'Next page →', first: '← First page', clear: 'Clear',
    none: 'No learners yet', noneHint: 'Learners appear when their first event arrives (identify sets name and e-mail). Load the demo platform:',
    noMatch: 'No learner matches “{q}”', noMatchHint: 'The search matches the start of an id, or part of a name, e-mail, username or phone trait.',
  },
  zh: {
    title: '学员', subtitle: '按 ID、姓名或邮箱查找学员；打开学员可查看画像、流失风险和推荐。',
    search: '搜索学员', placeholder: 'ID、姓名或邮箱…', order: '排序', recent: '最近活跃优先', byId: '按 ID',
    results: '学员', matching: '匹配“{q}”的学员', table: '学员列表',
    id: '学员', name: '姓名', email: '邮箱', city: '城市', plan: '方案', firstSeen: '首次出现', lastSeen: '最近活跃', robot: '机器人',
    next: '下一页 →', first: '← 第一页', clear: '清除',
    none: '还没有学员', noneHint: '学员的第一条事件到达后即出现（identify 设置姓名与邮箱）。加载演示平台：',
    noMatch: '没有匹配“{q}”的学员', noMatchHint: '搜索匹配 ID 的开头，或姓名、邮箱、用户名、电话特征中的任意部分。',
  },
});

const trait = (l: Learner, key: string): string => {
  const v = l.traits[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
};

export function LearnersPage() {
  const t = useT(messages);
  const query = useQuery();
  const q = query.get('q') ?? '';
  const order = query.get('order') === 'id' ? 'id' : 'recent';
  const after = query.get('after') ?? undefined;
  const list = useApi<LearnerPage>('/v1/users', { q: q || undefined, order, after, limit: pageSize });

  return (
    <Page title={t('title')} subtitle={t('subtitle')} actions={<SearchBox q={q} order={order} />}>
      <Section title={q ? t('matching', { q }) : t('results')} actions={
        <div className="row">
          {after && <a href={`/learners?${new URLSearchParams({ ...(q ? { q } : {}), ...(order === 'id' ? { order } : {}) })}`}>{t('first')}</a>}
          {list.data?.next && <a href={`/learners?${new URLSearchParams({ ...(q ? { q } : {}), ...(order === 'id' ? { order } : {}), after: list.data.next })}`}>{t('next')}</a>}
        </div>}>
        <Loaded state={list}>{(page) => page.users.length === 0
          ? (q ? <Empty title={t('noMatch', { q })} hint={t('noMatchHint')} />
            : <Empty title={t('none')} hint={t('noneHint')} command="npx learnloop demo --users 1000 --days 90" />)
          : <LearnersTable users={page.users} />}</Loaded>
      </Section>
    </Page>
  );
}

/** Typing searches after a short pause (the URL is replaced, not pushed: one history entry per search). */
function SearchBox({ q, order }: { q: string; order: 'id' | 'recent' }) {
  const t = useT(messages);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useEffect(() => {
    if (text.trim() === q) return;
    const timer = setTimeout(() => setQuery({ q: text.trim(), after: undefined }), 300);
    return () => clearTimeout(timer);
  }, [text, q]);
  return (
    <form className="row" role="search" aria-label={t('search')} onSubmit={(e) => { e.preventDefault(); setQuery({ q: text.trim(), after: undefined }, { push: true }); }}>
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('placeholder')} aria-label={t('search')} size={28} />
      {q && <button type="button" className="link" onClick={() => { setText(''); setQuery({ q: undefined, after: undefined }); }}>{t('clear')}</button>}
      <div className="segmented" role="group" aria-label={t('order')}>
        <button type="button" aria-pressed={order === 'recent'} onClick={() => setQuery({ order: undefined, after: undefined })}>{t('recent')}</button>
        <button type="button" aria-pressed={order === 'id'} onClick={() => setQuery({ order: 'id', after: undefined })}>{t('byId')}</button>
      </div>
    </form>
  );
}

function LearnersTable({ users }: { users: Learner[] }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const now = Date.now();
  // Trait columns only where some learner on the page has the trait.
  const traitColumns = (['name', 'email', 'city', 'plan'] as const).filter((k) => users.some((l) => trait(l, k) !== ''))
    .map((k) => ({ key: k, label: t(k), value: (l: Learner) => trait(l, k) }));
  return (
    <DataTable label={t('table')} rows={users} rowKey={(l) => l.id} href={(l) => `/learners/${encodeURIComponent(l.id)}`} columns={[
      { key: 'id', label: t('id'), value: (l) => l.id, show: (l) => <>{l.id}{l.isRobot && <span className="tag warn">{t('robot')}</span>}</> },
      ...traitColumns,
      { key: 'firstSeen', label: t('firstSeen'), value: (l) => l.firstSeen, show: (l) => fmt.date(l.firstSeen, 'long') },
      { key: 'lastSeen', label: t('lastSeen'), value: (l) => l.lastSeen, show: (l) => (
        <span title={fmt.dateTime(l.lastSeen)}>{fmt.date(l.lastSeen, 'long')} <span className="muted">({fmt.relativeDays((Date.parse(l.lastSeen) - now) / dayMs)})</span></span>
      ) },
    ]} />
  );
}
