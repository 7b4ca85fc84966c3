/**
 * Content quality: every item of a type with its 0–100 score, how sure the score is, the score of
 * each component (ratings, reviews, completion, drop-off, refunds, experts, surveys …) and what the
 * diagnosis found. Type, sort and category live in the URL (`/quality?type=course&sort=findings`).
 * Reads `GET /v1/quality/items?titles=true`.
 */
import { useMemo, useState } from 'react';
import type { ItemQuality, ItemQualityDetail } from '../../../../src/quality/report';
import { useApi } from '../../api';
import { Chart } from '../../components/chart';
import { DataTable, type Column } from '../../components/data-table';
import { Page, Section } from '../../components/page';
import { Stat } from '../../components/stat';
import { Empty, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { setQuery, useQuery } from '../../router';
import { componentWord, kindWord, observedText, qualityWords, scoreTone, unitWord } from './words';

export type ListedItem = ItemQuality & Pick<ItemQualityDetail, 'title' | 'category'>;

const types = ['course', 'ebook', 'audio', 'column', 'live', 'lesson'] as const;
const sorts = ['-score', 'score', 'findings', '-confidence'] as const;

const messages = defineMessages({
  en: {
    title: 'Content quality', subtitle: 'A 0–100 score per item (50 = the platform\'s typical item of its type), its parts and what to fix.',
    type: 'Type', course: 'Courses', ebook: 'E-books', audio: 'Audio', column: 'Columns', live: 'Live talks', lesson: 'Lessons',
    sort: 'Order', '-score': 'Best first', score: 'Weakest first', findings: 'Most urgent first', '-confidence': 'Surest first',
    category: 'Category', all: 'All categories', items: 'Items', avgScore: 'Average score', withFindings: 'Items with findings', high: 'High-severity findings',
    histogram: 'Items by quality score', band: 'Score band', count: 'Items', table: 'Content quality table', item: 'Item',
    scoreCol: 'Score', confidence: 'Confidence', diagnosis: 'Diagnosis', none: 'nothing found',
    noItems: 'No items of this type', noItemsHint: 'Push your catalog (POST /v1/items) and send learner events; scores appear as ratings, reviews and lesson progress arrive. Or load the demo platform:',
    componentHint: '{name}: {observed} ({unit}), evidence {evidence}, weight {weight}',
    showing: 'Showing {n} of {total} in this order.', showAll: 'Show all',
  },
  zh: {
    title: '内容质量', subtitle: '每个内容的 0–100 分（50 = 平台同类内容的一般水平）、构成与待改进之处。',
    type: '类型', course: '课程', ebook: '电子书', audio: '音频', column: '专栏', live: '直播', lesson: '课时',
    sort: '排序', '-score': '最好的在前', score: '最弱的在前', findings: '最紧急的在前', '-confidence': '最可信的在前',
    category: '分类', all: '全部分类', items: '内容数', avgScore: '平均分', withFindings: '有问题的内容', high: '高严重度问题',
    histogram: '按质量分分布的内容数', band: '分数段', count: '内容数', table: '内容质量表', item: '内容',
    scoreCol: '得分', confidence: '可信度', diagnosis: '诊断', none: '未发现问题',
    noItems: '没有这种类型的内容', noItemsHint: '推送内容目录（POST /v1/items）并发送学员事件；评分、评论与学习进度到达后即出现分数。或加载演示平台：',
    componentHint: '{name}：{observed}（{unit}），证据 {evidence}，权重 {weight}',
    showing: '按当前排序显示 {total} 个中的 {n} 个。', showAll: '全部显示',
  },
});

export function QualityListPage() {
  const t = useT(messages);
  const query = useQuery();
  const type = (types as readonly string[]).includes(query.get('type') ?? '') ? query.get('type')! : 'course';
  const sort = (sorts as readonly string[]).includes(query.get('sort') ?? '') ? query.get('sort')! : '-score';
  const category = query.get('category') ?? '';
  const all = useApi<{ items: ListedItem[] }>('/v1/quality/items', { type, sort, titles: true });
  const categories = useMemo(() => [...new Set((all.data?.items ?? []).map((it) => it.category).filter((c): c is string => !!c))].sort(), [all.data]);
  const shown = useMemo(() => (all.data ? { items: all.data.items.filter((it) => !category || it.category === category) } : undefined), [all.data, category]);

  return (
    <Page title={t('title')} subtitle={t('subtitle')} actions={
      <div className="row">
        <div className="segmented" role="group" aria-label={t('type')}>
          {types.map((ty) => <button key={ty} type="button" aria-pressed={type === ty} onClick={() => setQuery({ type: ty === 'course' ? undefined : ty, category: undefined }, { push: true })}>{t(ty)}</button>)}
        </div>
        <label>{t('sort')} <select value={sort} onChange={(e) => setQuery({ sort: e.target.value === '-score' ? undefined : e.target.value })}>
          {sorts.map((s) => <option key={s} value={s}>{t(s)}</option>)}
        </select></label>
        <label>{t('category')} <select value={category} onChange={(e) => setQuery({ category: e.target.value })}>
          <option value="">{t('all')}</option>
          {categories.map((c) => <option key={c} value={c}>{c}</option>)}
        </select></label>
      </div>}>
      <Loaded state={{ ...all, data: shown }}>{(r) => r.items.length === 0
        ? <Empty title={t('noItems')} hint={t('noItemsHint')} command="npx learnloop demo --users 1000 --days 90" />
        : <QualityView items={r.items} />}</Loaded>
    </Page>
  );
}

function QualityView({ items }: { items: ListedItem[] }) {
  const t = useT(messages);
  const w = useT(qualityWords);
  const { fmt } = useLocale();
  const [maxRows, setMaxRows] = useState(50);
  const names = useMemo(() => [...new Set(items.flatMap((it) => Object.keys(it.components)))], [items]);
  const bins = useMemo(() => {
    const counts = new Array<number>(10).fill(0);
    for (const it of items) counts[Math.min(9, Math.floor(it.score / 10))]!++;
    return counts.map((n, i) => ({ band: `${i * 10}–${i === 9 ? 100 : i * 10 + 9}`, n }));
  }, [items]);
  const option = useMemo(() => ({
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: bins.map((b) => b.band) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('count'), type: 'bar', data: bins.map((b) => b.n) }],
  }), [bins, t]);
  const columns: Column<ListedItem>[] = [
    { key: 'title', label: t('item'), value: (it) => it.title, show: (it) => <span className="quality-item">{it.title}<small className="muted">{it.itemId}</small></span> },
    { key: 'category', label: t('category'), value: (it) => it.category ?? '' },
    { key: 'score', label: t('scoreCol'), numeric: true, value: (it) => it.score, show: (it) => <span className={scoreTone(it.score)}>{fmt.number(it.score, 1)}</span> },
    { key: 'confidence', label: t('confidence'), numeric: true, value: (it) => it.confidence, show: (it) => fmt.percent(it.confidence, 0) },
    ...names.map((name): Column<ListedItem> => ({
      key: `c-${name}`, label: w(componentWord(name)), numeric: true, title: w(unitWord(name)),
      value: (it) => it.components[name as keyof ListedItem['components']]?.score,
      show: (it) => {
        const c = it.components[name as keyof ListedItem['components']];
        if (!c) return '—';
        const hint = t('componentHint', { name: w(componentWord(name)), observed: observedText(name, c.observed, fmt), unit: w(unitWord(name)), evidence: fmt.number(c.evidence, 1), weight: fmt.percent(c.weight, 0) });
        return <span title={hint} className={c.confidence < 0.2 ? 'muted' : undefined}>{fmt.number(c.score, 0)}</span>;
      },
    })),
    {
      key: 'findings', label: t('diagnosis'), value: (it) => (it.findings.length ? Math.abs(it.findings[0]!.strength) : 0),
      show: (it) => it.findings.length === 0 ? <span className="muted">{t('none')}</span> : (
        <span>{[...new Set(it.findings.map((f) => `${f.severity}\t${f.kind}`))].slice(0, 3).map((key) => {
          const [severity, kind] = key.split('\t') as [string, string];
          return <span key={key} className={severity === 'high' ? 'tag bad' : 'tag warn'}>{w(kindWord(kind))}</span>;
        })}{it.findings.length > 3 ? <span className="muted"> +{it.findings.length - 3}</span> : null}</span>
      ),
    },
  ];
  const withFindings = items.filter((it) => it.findings.length > 0).length;
  const high = items.reduce((s, it) => s + it.findings.filter((f) => f.severity === 'high').length, 0);
  return (
    <>
      <div className="stats">
        <Stat label={t('items')} value={fmt.number(items.length)} />
        <Stat label={t('avgScore')} value={fmt.number(items.reduce((s, it) => s + it.score, 0) / items.length, 1)} />
        <Stat label={t('withFindings')} value={fmt.number(withFindings)} />
        <Stat label={t('high')} value={fmt.number(high)} />
      </div>
      <Section wide title={t('histogram')}>
        <Chart label={t('histogram')} option={option} height={200} table={{ columns: [t('band'), t('count')], rows: bins.map((b) => [b.band, b.n]) }} />
      </Section>
      <Section wide title={t('table')}>
        <DataTable label={t('table')} rows={items} columns={columns} rowKey={(it) => it.itemId} href={(it) => `/quality/${encodeURIComponent(it.itemId)}`} maxRows={maxRows} />
        {items.length > maxRows && (
          <p className="muted">{t('showing', { n: fmt.number(maxRows), total: fmt.number(items.length) })}{' '}
            <button type="button" className="link" onClick={() => setMaxRows(items.length)}>{t('showAll')}</button></p>
        )}
      </Section>
    </>
  );
}
