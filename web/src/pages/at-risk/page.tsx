/**
 * At risk (`/at-risk`): the learners most likely to leave, ranked, with the model's reasons and a
 * suggested action each; the segment, list length and activity window live in the URL. Selected
 * learners can be sent a nudge (queued in the outbox the platform polls or receives by webhook),
 * and the outcomes of past campaigns are measured below.
 * Reads `GET /v1/churn/at-risk`, `GET /v1/segments`; writes `POST /v1/nudges`.
 */
import type { Static } from '@sinclair/typebox';
import { useState } from 'react';
import type { AtRiskResponse } from '../../../../src/churn/nudge-schemas';
import type { Segment, SegmentRun } from '../../../../src/profiles/segment-run';
import { useApi } from '../../api';
import { DataTable } from '../../components/data-table';
import { Page, Section } from '../../components/page';
import { Empty, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { setQuery, useQuery } from '../../router';
import { NudgeOutcomes } from './outcomes';
import { QueueNudges } from './queue-nudges';

export type AtRisk = Static<typeof AtRiskResponse>;
type Row = AtRisk['learners'][number];
interface Segmentations { segmentations: (Pick<SegmentRun, 'method' | 'runId'> & { segments: Segment[] })[] }

const limits = [20, 50, 100, 200];
const activeWindows = [7, 14, 28];

const messages = defineMessages({
  en: {
    title: 'At risk', subtitle: 'Learners most likely to stop learning within {days} days (model {model}, as of {asOf}); {scored} learners scored.',
    subtitleLoading: 'Learners most likely to stop learning, with why and what to do.',
    segment: 'Segment', all: 'All learners', show: 'Show', active: 'Active within', anyTime: 'last 28 days', days: '{n} days',
    list: 'Ranked learners', table: 'Learners at risk', select: 'Select', selectAll: 'Select all shown', selectNone: 'Clear selection',
    rank: 'Rank', learner: 'Learner', probability: 'Risk', reasons: 'Why', action: 'Suggested action',
    continue: 'continue', recommendation: 'recommend', comeback: 'welcome back',
    none: 'No learner at risk here', noneHint: 'Only learners active in the last 28 days before the score date are scored; try all learners or a wider window.',
    noModel: 'No churn scores yet', noModelHint: 'Churn scores need a trained model and a few weeks of history:', noSegments: 'Compute segments on the segments page to filter by them.',
  },
  zh: {
    title: '流失风险', subtitle: '{days} 天内最可能停止学习的学员（模型 {model}，截至 {asOf}）；共评分 {scored} 人。',
    subtitleLoading: '最可能停止学习的学员，以及原因和应对。',
    segment: '分群', all: '全部学员', show: '显示', active: '活跃于', anyTime: '近 28 天', days: '{n} 天内',
    list: '风险排名', table: '流失风险学员', select: '选择', selectAll: '全选当前', selectNone: '清除选择',
    rank: '排名', learner: '学员', probability: '风险', reasons: '原因', action: '建议动作',
    continue: '继续学习', recommendation: '推荐', comeback: '欢迎回来',
    none: '这里没有流失风险学员', noneHint: '只对评分日期前 28 天内活跃的学员评分；可选择全部学员或更长的时间窗口。',
    noModel: '还没有流失评分', noModelHint: '流失评分需要训练好的模型和几周的历史数据：', noSegments: '在分群页计算分群后即可按分群筛选。',
  },
});

export function AtRiskPage() {
  const t = useT(messages);
  const { fmt } = useLocale();
  const query = useQuery();
  const segment = query.get('segment') ?? '';
  const limit = Number(query.get('limit')) || 50;
  const active = Number(query.get('active')) || undefined;
  const list = useApi<AtRisk>('/v1/churn/at-risk', { limit, segment: segment || undefined, activeWithinDays: active });
  const segments = useApi<Segmentations>('/v1/segments', { projection: false });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const lang = useLang();
  const a = list.data;

  return (
    <Page title={t('title')}
      subtitle={a ? t('subtitle', { days: a.horizonDays, model: a.model, asOf: fmt.date(a.asOf, 'long'), scored: fmt.number(a.scored) }) : t('subtitleLoading')}
      actions={<Filters segments={segments.data} segment={segment} limit={limit} active={active} />}>
      <Section title={a?.segment ? `${t('list')} · ${a.segment.name[lang]}` : t('list')} actions={a && a.learners.length > 0 && (
        <div className="row">
          <button type="button" className="link" onClick={() => setSelected(new Set(a.learners.map((l) => l.userId)))}>{t('selectAll')}</button>
          {selected.size > 0 && <button type="button" className="link" onClick={() => setSelected(new Set())}>{t('selectNone')}</button>}
        </div>)}>
        {list.error && (list.error.status === 422 || list.error.code === 'insufficient_data')
          ? <Empty title={t('noModel')} hint={`${list.error.message}. ${t('noModelHint')}`} command="curl -X POST -H 'authorization: Bearer $SECRET_KEY' http://localhost:8080/v1/churn/train" />
          : <Loaded state={list}>{(answer) => answer.learners.length === 0 ? <Empty title={t('none')} hint={t('noneHint')} />
            : <RiskTable rows={answer.learners} selected={selected} onToggle={(id) => setSelected((s) => toggle(s, id))} />}</Loaded>}
      </Section>
      <QueueNudges userIds={[...selected]} onQueued={() => setSelected(new Set())} />
      <NudgeOutcomes />
    </Page>
  );
}

function useLang(): 'zh' | 'en' {
  return useLocale().locale === 'en' ? 'en' : 'zh';
}

function toggle(set: Set<string>, id: string): Set<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

function Filters({ segments, segment, limit, active }: { segments?: Segmentations; segment: string; limit: number; active?: number }) {
  const t = useT(messages);
  const lang = useLang();
  const options = segments?.segmentations.flatMap((run) => run.segments.map((s) => ({ value: `${run.method}:${s.id}`, label: `${run.method} · ${s.name[lang]} (${s.size})` }))) ?? [];
  return (
    <div className="row">
      <label>{t('segment')} <select value={segment} onChange={(e) => setQuery({ segment: e.target.value || undefined }, { push: true })}>
        <option value="">{t('all')}</option>
        {segment && !options.some((o) => o.value === segment) && <option value={segment}>{segment}</option>}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select></label>
      {segments && options.length === 0 && <a className="muted" href="/segments">{t('noSegments')}</a>}
      <label>{t('active')} <select value={active ?? ''} onChange={(e) => setQuery({ active: e.target.value || undefined }, { push: true })}>
        <option value="">{t('anyTime')}</option>
        {activeWindows.map((n) => <option key={n} value={n}>{t('days', { n })}</option>)}
      </select></label>
      <label>{t('show')} <select value={limit} onChange={(e) => setQuery({ limit: e.target.value === '50' ? undefined : e.target.value }, { push: true })}>
        {limits.map((n) => <option key={n} value={n}>{n}</option>)}
      </select></label>
    </div>
  );
}

function RiskTable({ rows, selected, onToggle }: { rows: Row[]; selected: Set<string>; onToggle: (id: string) => void }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const lang = useLang();
  return (
    <DataTable label={t('table')} rows={rows} rowKey={(r) => r.userId} initialSort={{ key: 'rank' }} columns={[
      { key: 'select', label: t('select'), value: (r) => (selected.has(r.userId) ? 0 : 1), show: (r) => (
        <input type="checkbox" checked={selected.has(r.userId)} onChange={() => onToggle(r.userId)} aria-label={`${t('select')} ${r.userId}`} />
      ) },
      { key: 'rank', label: t('rank'), value: (r) => r.rank, numeric: true },
      { key: 'learner', label: t('learner'), value: (r) => r.userId, show: (r) => <a href={`/learners/${encodeURIComponent(r.userId)}`}>{r.userId}</a> },
      { key: 'probability', label: t('probability'), value: (r) => r.probability, numeric: true, show: (r) => (
        <span className="risk-cell"><span className="bar"><span style={{ width: `${r.probability * 100}%` }} /></span>{fmt.percent(r.probability, 1)}</span>
      ) },
      { key: 'reasons', label: t('reasons'), value: (r) => r.reasons[0]?.text[lang], show: (r) => (
        <ul className="plain">{r.reasons.map((x) => <li key={x.feature}>{x.text[lang]}</li>)}</ul>
      ) },
      { key: 'action', label: t('action'), value: (r) => r.action.kind, show: (r) => {
        const item = r.action.courseId ?? r.action.itemId;
        return <><span className="tag">{t(r.action.kind)}</span> {item ? <a href={`/quality/${encodeURIComponent(item)}`}>{r.action.text[lang]}</a> : r.action.text[lang]}</>;
      } },
    ]} />
  );
}
