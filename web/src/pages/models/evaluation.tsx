/**
 * Each recommender's offline metrics on the project's own data: a button starts the evaluation
 * (a background job on the server), its progress is polled, and the latest results show as a
 * chart and a table with the serving model marked.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ModelEvaluationResult, ModelEvaluationState } from '../../../../src/recommend/serving/model-evaluation';
import { api, ApiError, useApi } from '../../api';
import { Chart } from '../../components/chart';
import { DataTable, type Column } from '../../components/data-table';
import { Section } from '../../components/page';
import { Empty, ErrorNote, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';

const messages = defineMessages({
  en: {
    title: 'Offline metrics', evaluate: 'Evaluate models', running: 'Evaluating {current} ({done} of {total} done)…',
    split: 'Time split of your data: {users} learners, {items} products; each learner\'s latest 20% held out ({test} interactions of {testUsers} learners), metrics @{k}. Finished {at}.',
    chart: 'Offline ranking quality per model (@{k})', model: 'Model', hr: 'HR', ndcg: 'NDCG', precision: 'Precision', recall: 'Recall', map: 'MAP',
    coverage: 'Coverage', train: 'Training', score: 'Scoring', seconds: '{s} s', servingTag: 'serving', table: 'Offline metrics table',
    none: 'No offline evaluation yet', noneHint: 'Press “Evaluate models” to fit every recommender on your learners\' earlier interactions and measure how well it finds what they took next. From a shell:',
    failed: 'The evaluation failed: {message}', modelFailed: 'failed: {message}',
    hrHint: 'Share of learners with at least one held-out product in the top K', ndcgHint: 'Rank-weighted hits: higher when held-out products are near the top',
    coverageHint: 'Share of the catalogue that appears in anyone\'s top K',
  },
  zh: {
    title: '离线指标', evaluate: '评估模型', running: '正在评估 {current}（已完成 {done}/{total}）…',
    split: '按时间切分你的数据：{users} 名学员、{items} 个商品；每位学员最近 20% 的交互留作测试（{testUsers} 名学员的 {test} 条交互），指标 @{k}。完成于 {at}。',
    chart: '各模型离线排序质量（@{k}）', model: '模型', hr: '命中率', ndcg: 'NDCG', precision: '精确率', recall: '召回率', map: 'MAP',
    coverage: '覆盖率', train: '训练', score: '打分', seconds: '{s} 秒', servingTag: '服务中', table: '离线指标表',
    none: '还没有离线评估', noneHint: '点击“评估模型”，用学员较早的交互训练每个推荐算法，并衡量它能否找到学员之后选择的内容。命令行：',
    failed: '评估失败：{message}', modelFailed: '失败：{message}',
    hrHint: '前 K 个推荐中至少命中一个测试商品的学员比例', ndcgHint: '按排名加权的命中：测试商品越靠前越高',
    coverageHint: '出现在任意学员前 K 个推荐中的商品占目录的比例',
  },
});

const metricKeys = ['hr', 'ndcg', 'precision', 'recall', 'map', 'coverage'] as const;

export function EvaluationSection({ serving }: { serving?: string }) {
  const t = useT(messages);
  const state = useApi<ModelEvaluationState>('/v1/models/evaluation');
  const [error, setError] = useState<ApiError | null>(null);
  const running = state.data?.status === 'running';
  const reload = state.reload;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 1000);
    return () => clearInterval(timer);
  }, [running, reload]);
  const start = async () => {
    setError(null);
    try {
      await api('/v1/models/evaluate', { method: 'POST', body: {} });
      reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
    }
  };
  return (
    <Section wide title={t('title')} actions={<button type="button" className="primary" disabled={running} onClick={start}>{t('evaluate')}</button>}>
      {error && <ErrorNote error={error} />}
      <Loaded state={state}>{(s) => <EvaluationView state={s} serving={serving} />}</Loaded>
    </Section>
  );
}

function EvaluationView({ state: s, serving }: { state: ModelEvaluationState; serving?: string }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const done = s.results.filter((r) => !r.error);
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: done.map((r) => r.model) },
    yAxis: { type: 'value', min: 0 },
    series: (['hr', 'ndcg', 'recall'] as const).map((key) => ({ name: t(key), type: 'bar', data: done.map((r) => round(r.metrics[key])) })),
  }), [done, t]);
  if (s.status === 'idle') {
    return <Empty title={t('none')} hint={t('noneHint')} command={`curl -X POST -H 'authorization: Bearer $LEARNLOOP_SECRET_KEY' -H 'content-type: application/json' -d '{}' ${location.origin}/v1/models/evaluate`} />;
  }
  const columns: Column<ModelEvaluationResult>[] = [
    {
      key: 'model', label: t('model'), value: (r) => r.model,
      show: (r) => <>{r.model}{r.model === serving && <span className="tag good">{t('servingTag')}</span>}{r.error && <span className="tag bad">{t('modelFailed', { message: r.error })}</span>}</>,
    },
    ...metricKeys.map((key): Column<ModelEvaluationResult> => ({
      key, label: `${t(key)}@${s.k}`, numeric: true, value: (r) => (r.error ? null : r.metrics[key]), show: (r) => (r.error ? '—' : fmt.number(r.metrics[key], 3)),
      title: key === 'hr' ? t('hrHint') : key === 'ndcg' ? t('ndcgHint') : key === 'coverage' ? t('coverageHint') : undefined,
    })),
    { key: 'train', label: t('train'), numeric: true, value: (r) => r.trainSeconds, show: (r) => t('seconds', { s: fmt.number(r.trainSeconds, 2) }) },
    { key: 'score', label: t('score'), numeric: true, value: (r) => r.scoreSeconds, show: (r) => t('seconds', { s: fmt.number(r.scoreSeconds, 2) }) },
  ];
  const share = s.total > 0 ? (s.done + (s.currentProgress ?? 0)) / s.total : 0;
  return (
    <>
      {s.status === 'running' && (
        <div role="status" aria-live="polite" className="job-progress">
          <span className="spinner" />{t('running', { current: s.current ?? '…', done: s.done, total: s.total })}
          <div className="progress"><div style={{ width: `${Math.round(share * 100)}%` }} /></div>
        </div>
      )}
      {s.status === 'failed' && <p className="status error" role="alert">{t('failed', { message: s.error ?? '' })}</p>}
      {s.data && s.finishedAt && (
        <p className="muted">{t('split', {
          users: fmt.number(s.data.users), items: fmt.number(s.data.items), test: fmt.number(s.data.testInteractions),
          testUsers: fmt.number(s.data.testUsers), k: s.k, at: fmt.dateTime(s.finishedAt),
        })}</p>
      )}
      {done.length > 0 && (
        <Chart label={t('chart', { k: s.k })} option={option} height={260} table={{
          columns: [t('model'), ...metricKeys.map((k) => `${t(k)}@${s.k}`)],
          rows: done.map((r) => [r.model, ...metricKeys.map((k) => round(r.metrics[k]))]),
        }} />
      )}
      {s.results.length > 0 && (
        <DataTable label={t('table')} rows={s.results} columns={columns} rowKey={(r) => r.model} initialSort={{ key: 'ndcg', descending: true }} />
      )}
    </>
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
