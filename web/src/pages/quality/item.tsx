/**
 * One item's quality (`/quality/:id`): the score and each component behind it (own value, the
 * Bayesian estimate, evidence, weight), the findings with what to do, and for a course the lesson
 * diagnosis: every lesson's score and the findings of each. Reads `GET /v1/quality/items/:id`.
 */
import { useMemo } from 'react';
import type { ComponentView, ItemQuality, ItemQualityDetail } from '../../../../src/quality/report';
import type { Finding } from '../../../../src/quality/findings';
import { useApi } from '../../api';
import { Chart } from '../../components/chart';
import { DataTable, type Column } from '../../components/data-table';
import { Page, Section } from '../../components/page';
import { Stat } from '../../components/stat';
import { Empty, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { componentWord, kindWord, observedText, qualityWords, scoreTone, typeWord, unitWord } from './words';

type Detail = ItemQualityDetail & { asOf: string };

const messages = defineMessages({
  en: {
    back: '← All content', subtitle: '{type} · {category} · data up to {asOf}', score: 'Quality score', confidence: 'Confidence',
    findingsCount: 'Findings', lessonsCount: 'Lessons', components: 'Score components', componentsChart: 'Component scores (50 = typical)',
    component: 'Component', own: 'Own value', adjusted: 'Estimate', evidence: 'Evidence', weight: 'Weight', componentScore: 'Score',
    findings: 'Diagnosis', noFindings: 'Nothing to fix found', noFindingsHint: 'No finding reaches its evidence threshold (docs/QUALITY.md). More ratings, reviews and lesson progress make weaker problems visible.',
    action: 'What to do', strength: 'strength {n}', lessons: 'Lesson diagnosis', lessonsChart: 'Quality score of each lesson', lesson: 'Lesson',
    position: '#', diagnosis: 'Diagnosis', none: '—', noComponents: 'No evidence yet', noComponentsHint: 'Scores come from ratings, reviews, lesson progress, orders and expert scores (POST /v1/items/:id/expert-scores). Send events, or load the demo platform:',
    partOf: 'Lesson {n} of', notFound: 'No item “{id}”', notFoundHint: 'It is not in the catalog. Open the list and pick one:',
  },
  zh: {
    back: '← 全部内容', subtitle: '{type} · {category} · 数据截至 {asOf}', score: '质量分', confidence: '可信度',
    findingsCount: '发现的问题', lessonsCount: '课时数', components: '得分构成', componentsChart: '各部分得分（50 = 一般水平）',
    component: '部分', own: '自身数值', adjusted: '估计值', evidence: '证据量', weight: '权重', componentScore: '得分',
    findings: '诊断', noFindings: '未发现需要改进之处', noFindingsHint: '没有问题达到证据门槛（见 docs/QUALITY.md）。更多评分、评论与学习进度能让较弱的问题显现。',
    action: '建议', strength: '强度 {n}', lessons: '课时诊断', lessonsChart: '各课时质量分', lesson: '课时',
    position: '序号', diagnosis: '诊断', none: '—', noComponents: '还没有证据', noComponentsHint: '分数来自评分、评论、学习进度、订单与专家评分（POST /v1/items/:id/expert-scores）。发送事件，或加载演示平台：',
    partOf: '第 {n} 讲，属于', notFound: '没有内容“{id}”', notFoundHint: '目录中没有它。打开列表选择一个：',
  },
});

export function QualityItemPage({ params }: { params: Record<string, string> }) {
  const t = useT(messages);
  const id = params.id ?? '';
  const item = useApi<Detail>(`/v1/quality/items/${encodeURIComponent(id)}`);
  if (item.error?.status === 404) {
    return <Page title={id}><Empty title={t('notFound', { id })} hint={<>{t('notFoundHint')} <a href="/quality">/quality</a></>} /></Page>;
  }
  return (
    <Loaded state={item}>{(d) => <ItemView item={d} />}</Loaded>
  );
}

function ItemView({ item }: { item: Detail }) {
  const t = useT(messages);
  const w = useT(qualityWords);
  const { fmt, locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const components = Object.entries(item.components) as [string, ComponentView][];
  const own = item.findings.filter((f) => f.itemId === item.itemId);
  const fromLessons = item.findings.filter((f) => f.itemId !== item.itemId);
  return (
    <Page title={item.title} subtitle={<>
      <a href={`/quality?type=${item.type}`}>{t('back')}</a>{' · '}
      {t('subtitle', { type: w(typeWord(item.type)), category: item.category ?? '—', asOf: fmt.dateTime(item.asOf) })}
      {item.parentId && <> · {t('partOf', { n: item.position ?? '?' })} <a href={`/quality/${encodeURIComponent(item.parentId)}`}>{item.parentId}</a></>}
    </>}>
      <div className="stats">
        <Stat label={t('score')} value={fmt.number(item.score, 1)} />
        <Stat label={t('confidence')} value={fmt.percent(item.confidence, 0)} />
        <Stat label={t('findingsCount')} value={fmt.number(item.findings.length)} />
        {item.lessons && <Stat label={t('lessonsCount')} value={fmt.number(item.lessons.length)} />}
      </div>
      <div className="grid">
        <Section title={t('components')}>
          {components.length === 0
            ? <Empty title={t('noComponents')} hint={t('noComponentsHint')} command="npx learnloop demo --users 1000 --days 90" />
            : <Components components={components} />}
        </Section>
        <Section title={t('findings')}>
          {item.findings.length === 0
            ? <Empty title={t('noFindings')} hint={t('noFindingsHint')} />
            : <ul className="findings">{[...own, ...fromLessons].map((f, i) => <FindingLine key={i} finding={f} lang={lang} />)}</ul>}
        </Section>
        {item.lessons && item.lessons.length > 0 && (
          <Section wide title={t('lessons')}><Lessons lessons={item.lessons} /></Section>
        )}
      </div>
    </Page>
  );
}

function FindingLine({ finding: f, lang }: { finding: Finding; lang: 'zh' | 'en' }) {
  const t = useT(messages);
  const w = useT(qualityWords);
  const { fmt } = useLocale();
  return (
    <li data-finding={f.kind}>
      <span className={f.severity === 'high' ? 'tag bad' : 'tag warn'}>{w(kindWord(f.kind))} · {w(f.severity)}</span>
      <span className="muted"> {t('strength', { n: fmt.number(f.strength, 1) })}</span>
      <p>{f.message[lang]}</p>
      <p><strong>{t('action')}:</strong> {f.action[lang]}</p>
    </li>
  );
}

function Components({ components }: { components: [string, ComponentView][] }) {
  const t = useT(messages);
  const w = useT(qualityWords);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    grid: { left: 120, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: { type: 'category', inverse: true, data: components.map(([n]) => w(componentWord(n))) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    series: [{
      name: t('componentScore'), type: 'bar', data: components.map(([, c]) => ({ value: c.score, itemStyle: { opacity: 0.35 + 0.65 * c.confidence } })),
      markLine: { silent: true, symbol: 'none', data: [{ xAxis: 50 }], lineStyle: { type: 'dashed', color: '#6b7280' } },
    }],
  }), [components, t, w]);
  const rows = components.map(([name, c]) => ({ name, ...c }));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'name', label: t('component'), value: (r) => w(componentWord(r.name)), show: (r) => <span title={w(unitWord(r.name))}>{w(componentWord(r.name))}</span> },
    { key: 'score', label: t('componentScore'), numeric: true, value: (r) => r.score, show: (r) => <span className={scoreTone(r.score)}>{fmt.number(r.score, 1)}</span> },
    { key: 'observed', label: t('own'), numeric: true, value: (r) => r.observed, show: (r) => observedText(r.name, r.observed, fmt) },
    { key: 'adjusted', label: t('adjusted'), numeric: true, value: (r) => r.adjusted, show: (r) => observedText(r.name, r.adjusted, fmt) },
    { key: 'evidence', label: t('evidence'), numeric: true, value: (r) => r.evidence, show: (r) => fmt.number(r.evidence, 1) },
    { key: 'weight', label: t('weight'), numeric: true, value: (r) => r.weight, show: (r) => fmt.percent(r.weight, 0) },
    { key: 'confidence', label: t('confidence'), numeric: true, value: (r) => r.confidence, show: (r) => fmt.percent(r.confidence, 0) },
  ];
  return (
    <>
      <Chart label={t('componentsChart')} option={option} height={Math.max(140, 34 * components.length + 40)}
        table={{ columns: [t('component'), t('componentScore')], rows: components.map(([n, c]) => [w(componentWord(n)), c.score]) }} />
      <DataTable label={t('components')} rows={rows} columns={columns} rowKey={(r) => r.name} />
    </>
  );
}

function Lessons({ lessons }: { lessons: ItemQuality[] }) {
  const t = useT(messages);
  const w = useT(qualityWords);
  const { fmt } = useLocale();
  const rows = lessons.map((l, i) => ({ ...l, position: i + 1 }));
  const names = [...new Set(lessons.flatMap((l) => Object.keys(l.components)))];
  const option = useMemo(() => ({
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => String(r.position)) },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: [{
      name: t('lessonsChart'), type: 'bar',
      data: rows.map((r) => ({ value: r.score, itemStyle: { color: r.findings.some((f) => f.severity === 'high') ? '#dc2626' : r.findings.length ? '#f59e0b' : '#2563eb' } })),
      markLine: { silent: true, symbol: 'none', data: [{ yAxis: 50 }], lineStyle: { type: 'dashed', color: '#6b7280' } },
    }],
  }), [rows, t]);
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'position', label: t('position'), numeric: true, value: (r) => r.position },
    { key: 'itemId', label: t('lesson'), value: (r) => r.itemId, show: (r) => <a href={`/quality/${encodeURIComponent(r.itemId)}`}>{r.itemId}</a> },
    { key: 'score', label: t('componentScore'), numeric: true, value: (r) => r.score, show: (r) => <span className={scoreTone(r.score)}>{fmt.number(r.score, 1)}</span> },
    ...names.map((name): Column<(typeof rows)[number]> => ({
      key: `c-${name}`, label: w(componentWord(name)), numeric: true, title: w(unitWord(name)),
      value: (r) => r.components[name as keyof ItemQuality['components']]?.observed,
      show: (r) => observedText(name, r.components[name as keyof ItemQuality['components']]?.observed ?? null, fmt),
    })),
    {
      key: 'findings', label: t('diagnosis'), value: (r) => (r.findings[0] ? Math.abs(r.findings[0].strength) : 0),
      show: (r) => r.findings.length === 0 ? t('none') : r.findings.map((f, i) => <span key={i} className={f.severity === 'high' ? 'tag bad' : 'tag warn'}>{w(kindWord(f.kind))}</span>),
    },
  ];
  return (
    <>
      <Chart label={t('lessonsChart')} option={option} height={220} table={{ columns: [t('position'), t('lesson'), t('componentScore')], rows: rows.map((r) => [r.position, r.itemId, r.score]) }} />
      <DataTable label={t('lessons')} rows={rows} columns={columns} rowKey={(r) => r.itemId} />
    </>
  );
}
