/**
 * Segments: the learners grouped by the rhythm of their visits (k-means) or by value (RFM), each
 * segment with its size, its words in both languages and its members' typical feature values; a
 * 2-D projection of a sample coloured by segment; a segment's learners; and a recompute button.
 * Method and chosen segment live in the URL (`/segments?method=rfm&segment=5`).
 * Reads `GET /v1/segments`, `GET /v1/profiles/features`; writes `POST /v1/segments/compute`.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FeatureSpec } from '../../../../src/profiles/feature-catalogue';
import { api, ApiError, useApi } from '../../api';
import { Chart, palette } from '../../components/chart';
import type { Span } from '../../components/date-range';
import { DataTable, type Column } from '../../components/data-table';
import { Page, Section } from '../../components/page';
import { Stat } from '../../components/stat';
import { Empty, ErrorNote, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { setQuery, useQuery } from '../../router';
import { SegmentLearners } from './learners';
import { ProjectionChart } from './projection';
import { featureValue, type SegmentInfo, type Segmentation } from './shared';

const methods = ['kmeans', 'rfm'] as const;
/** What RFM segments are cut on; k-means names its own features. */
const rfmFeatures = ['recencyDays', 'activeDays28', 'spend'];
/** Shown beside the clustering features: what a growth team asks of any segment. */
const valueFeatures = ['spend', 'completionRate', 'learningMinutesPerWeek'];

const messages = defineMessages({
  en: {
    title: 'Segments', subtitle: 'Who your learners are: groups by the rhythm of their visits (k-means) and by value (RFM).',
    kmeans: 'Behaviour (k-means)', rfm: 'Value (RFM)', method: 'Segmentation', recompute: 'Recompute segments', computing: 'Computing features and segments… {s} s',
    computedAt: 'Computed', learners: 'Learners', segmentsCount: 'Segments', silhouette: 'Silhouette', computedHint: 'features as of {asOf}',
    sizes: 'Segment sizes', segment: 'Segment', size: 'Learners', share: 'Share', description: 'Description', rule: 'Rule',
    table: 'Segments table', projection: 'Learners on two axes, coloured by segment', members: 'Learners in “{name}”', pick: 'Pick a segment in the table to list its learners.',
    noRun: 'No segments computed yet', noRunHint: 'Segments are computed from the learner features. Press “Recompute segments”, or from a shell:',
    failed: 'Recompute failed: {message}', done: 'Recomputed in {s} s.',
  },
  zh: {
    title: '分群', subtitle: '学员是谁：按来访节奏分群（k-means）与按价值分群（RFM）。',
    kmeans: '行为（k-means）', rfm: '价值（RFM）', method: '分群方式', recompute: '重新计算分群', computing: '正在计算特征与分群… {s} 秒',
    computedAt: '计算时间', learners: '学员数', segmentsCount: '分群数', silhouette: '轮廓系数', computedHint: '特征截至 {asOf}',
    sizes: '各分群人数', segment: '分群', size: '学员数', share: '占比', description: '描述', rule: '规则',
    table: '分群表', projection: '学员二维分布（按分群着色）', members: '“{name}”中的学员', pick: '在表中选择一个分群以列出其学员。',
    noRun: '还没有计算分群', noRunHint: '分群由学员特征计算得出。点击“重新计算分群”，或在命令行运行：',
    failed: '重新计算失败：{message}', done: '重新计算用时 {s} 秒。',
  },
});

export function SegmentsPage() {
  const t = useT(messages);
  const query = useQuery();
  const method = query.get('method') === 'rfm' ? 'rfm' : 'kmeans';
  const segmentId = Number(query.get('segment')) || undefined;
  const runs = useApi<{ segmentations: Segmentation[] }>('/v1/segments');
  const features = useApi<{ features: FeatureSpec[] }>('/v1/profiles/features');
  const run = runs.data?.segmentations.find((s) => s.method === method);

  return (
    <Page title={t('title')} subtitle={t('subtitle')} actions={
      <div className="row">
        <div className="segmented" role="group" aria-label={t('method')}>
          {methods.map((m) => <button key={m} type="button" aria-pressed={method === m} onClick={() => setQuery({ method: m === 'kmeans' ? undefined : m, segment: undefined }, { push: true })}>{t(m)}</button>)}
        </div>
        <Recompute onDone={runs.reload} />
      </div>}>
      <Loaded state={runs}>{() => !run
        ? <Empty title={t('noRun')} hint={t('noRunHint')} command={`curl -X POST -H 'authorization: Bearer $LEARNLOOP_SECRET_KEY' -H 'content-type: application/json' -d '{}' ${location.origin}/v1/segments/compute`} />
        : <RunView run={run} specs={features.data?.features ?? []} segmentId={segmentId} />}</Loaded>
    </Page>
  );
}

/**
 * The recompute button; the request runs for seconds (features of every learner), so the time spent
 * shows. Features are taken as of just after the last event, not the wall clock, so imported or
 * paused history is segmented as it was when it ended instead of as weeks of absence.
 */
function Recompute({ onDone }: { onDone: () => void }) {
  const t = useT(messages);
  const span = useApi<Span>('/v1/metrics/span');
  const [started, setStarted] = useState<number | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [result, setResult] = useState<{ error?: ApiError; seconds?: number } | null>(null);
  useEffect(() => {
    if (started === null) return;
    const timer = setInterval(() => setElapsed(Math.round((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, [started]);
  const run = async () => {
    const t0 = Date.now();
    setStarted(t0);
    setElapsed(0);
    setResult(null);
    try {
      const last = span.data?.lastEventAt ? Date.parse(span.data.lastEventAt) : NaN;
      await api('/v1/segments/compute', { method: 'POST', body: { method: 'all', ...(Number.isFinite(last) ? { asOf: new Date(last + 1).toISOString() } : {}) } });
      setResult({ seconds: Math.round((Date.now() - t0) / 100) / 10 });
      onDone();
    } catch (e) {
      setResult({ error: e instanceof ApiError ? e : new ApiError(0, 'network', String(e)) });
    } finally {
      setStarted(null);
    }
  };
  return (
    <div className="recompute">
      <button type="button" className="primary" disabled={started !== null} onClick={run}>{t('recompute')}</button>
      {started !== null && (
        <div role="status" aria-live="polite" className="recompute-progress">
          <span className="spinner" />{t('computing', { s: elapsed })}
          <div className="progress indeterminate"><div /></div>
        </div>
      )}
      {result?.seconds !== undefined && <span role="status" className="muted">{t('done', { s: result.seconds })}</span>}
      {result?.error && <ErrorNote error={result.error} />}
    </div>
  );
}

function RunView({ run, specs, segmentId }: { run: Segmentation; specs: FeatureSpec[]; segmentId?: number }) {
  const t = useT(messages);
  const { fmt, locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const specOf = useMemo(() => new Map(specs.map((s) => [s.name as string, s])), [specs]);
  const keyFeatures = useMemo(() => [...new Set([...(run.method === 'rfm' ? rfmFeatures : run.features ?? []), ...valueFeatures])], [run]);
  const colorOf = useMemo(() => new Map(run.segments.map((s, i) => [s.id, palette[i % palette.length]!])), [run]);
  const selected = run.segments.find((s) => s.id === segmentId);
  const sizes = useMemo(() => ({
    grid: { left: 150, right: 40, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: run.segments.map((s) => s.name[lang]) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    series: [{ name: t('size'), type: 'bar', data: run.segments.map((s) => ({ value: s.size, itemStyle: { color: colorOf.get(s.id) } })) }],
  }), [run, lang, t, colorOf]);
  const columns: Column<SegmentInfo>[] = [
    {
      key: 'name', label: t('segment'), value: (s) => s.name[lang],
      show: (s) => <span className="segment-name"><i style={{ background: colorOf.get(s.id) }} />{s.name[lang]}</span>,
    },
    { key: 'size', label: t('size'), numeric: true, value: (s) => s.size, show: (s) => fmt.number(s.size) },
    { key: 'share', label: t('share'), numeric: true, value: (s) => s.share, show: (s) => fmt.percent(s.share, 1) },
    { key: 'description', label: t('description'), value: (s) => s.description[lang], show: (s) => <span className="segment-description">{s.description[lang]}{s.rule && <span className="muted"><code>{s.rule}</code></span>}</span> },
    ...keyFeatures.map((f): Column<SegmentInfo> => ({
      key: `f-${f}`, label: specOf.get(f)?.label[lang] ?? f, numeric: true, title: specOf.get(f)?.description,
      value: (s) => s.centroid[f as keyof SegmentInfo['centroid']] ?? null,
      show: (s) => featureValue(specOf.get(f), s.centroid[f as keyof SegmentInfo['centroid']], fmt),
    })),
  ];
  return (
    <>
      <div className="stats">
        <Stat label={t('computedAt')} value={fmt.date(run.computedAt, 'long')} hint={`${fmt.dateTime(run.computedAt)} · ${t('computedHint', { asOf: fmt.dateTime(run.asOf) })}`} />
        <Stat label={t('learners')} value={fmt.number(run.learners)} />
        <Stat label={t('segmentsCount')} value={fmt.number(run.segments.length)} />
        {run.quality !== null && <Stat label={t('silhouette')} value={fmt.number(run.quality, 2)} />}
      </div>
      <Section wide title={t('table')}>
        <DataTable label={t('table')} rows={run.segments} columns={columns} rowKey={(s) => String(s.id)}
          href={(s) => `/segments?${new URLSearchParams({ ...(run.method === 'rfm' ? { method: 'rfm' } : {}), segment: String(s.id) })}`} />
      </Section>
      <div className="grid">
        <Section title={t('sizes')}>
          <Chart label={t('sizes')} option={sizes} height={Math.max(160, 30 * run.segments.length + 40)}
            table={{ columns: [t('segment'), t('size'), t('share')], rows: run.segments.map((s) => [s.name[lang], s.size, fmt.percent(s.share, 1)]) }} />
        </Section>
        <Section title={t('projection')}>
          <ProjectionChart run={run} label={t('projection')} colorOf={colorOf} specOf={specOf} />
        </Section>
        <Section wide title={selected ? t('members', { name: selected.name[lang] }) : t('members', { name: '…' })}>
          {selected ? <SegmentLearners key={`${run.runId}-${selected.id}`} method={run.method} segment={selected} /> : <p className="muted">{t('pick')}</p>}
        </Section>
      </div>
    </>
  );
}
