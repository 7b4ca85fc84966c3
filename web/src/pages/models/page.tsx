/**
 * Models: which recommender serves and when it was trained, a retrain button with the training's
 * progress, each recommender's offline metrics on a time split of the project's own data (run on
 * request, with progress), and the stored models. Reads `GET /v1/models`,
 * `GET /v1/models/evaluation`; writes `POST /v1/models/train`, `POST /v1/models/evaluate`.
 */
import { useEffect, useState } from 'react';
import type { ModelSummary } from '../../../../src/recommend/serving/model-store';
import type { RecommendationService } from '../../../../src/recommend/serving/recommendation-service';
import type { ModelTrainingProgress } from '../../../../src/recommend/serving/training-progress';
import { api, ApiError, useApi } from '../../api';
import { DataTable, type Column } from '../../components/data-table';
import { Page, Section } from '../../components/page';
import { Stat } from '../../components/stat';
import { ErrorNote, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { EvaluationSection } from './evaluation';

export interface Models {
  serving: RecommendationService['status'];
  available: string[];
  comparisons: RecommendationService['comparisons'];
  stored: ModelSummary[];
  progress: ModelTrainingProgress[];
}

const messages = defineMessages({
  en: {
    title: 'Models', subtitle: 'The recommender that serves, how it was trained, and how every recommender ranks on your own data.',
    serving: 'Serving model', trainedAt: 'Trained', trainSeconds: 'Training time', learners: 'Learners', products: 'Products',
    notReady: 'not trained yet', retrain: 'Retrain now', training: 'Training {model}… {progress}', elapsed: '{s} s', trained: 'Trained {model} in {s} s.',
    lastError: 'The last training failed: {message}', stored: 'Stored models', name: 'Model', created: 'Created', interactions: 'Interactions',
    servingTag: 'serving', params: 'Parameters', storedTable: 'Stored models table', seconds: '{s} s',
  },
  zh: {
    title: '模型', subtitle: '正在服务的推荐模型、它的训练情况，以及各推荐算法在你自己的数据上的离线效果。',
    serving: '服务中的模型', trainedAt: '训练时间', trainSeconds: '训练用时', learners: '学员数', products: '商品数',
    notReady: '尚未训练', retrain: '立即重新训练', training: '正在训练 {model}… {progress}', elapsed: '{s} 秒', trained: '{model} 训练完成，用时 {s} 秒。',
    lastError: '上次训练失败：{message}', stored: '已保存的模型', name: '模型', created: '创建时间', interactions: '交互数',
    servingTag: '服务中', params: '参数', storedTable: '已保存模型表', seconds: '{s} 秒',
  },
});

export function ModelsPage() {
  const t = useT(messages);
  const models = useApi<Models>('/v1/models');
  return (
    <Page title={t('title')} subtitle={t('subtitle')}>
      <Loaded state={models}>{(m) => <ServingSection models={m} reload={models.reload} />}</Loaded>
      <EvaluationSection serving={models.data?.serving.model} />
      <Loaded state={models}>{(m) => <StoredSection models={m} />}</Loaded>
    </Page>
  );
}

function ServingSection({ models, reload }: { models: Models; reload: () => void }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const s = models.serving;
  const [polling, setPolling] = useState(s.training);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<ApiError | null>(null);
  const [finished, setFinished] = useState<number | null>(null);
  // While a training runs, ask the server every second how far it is.
  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(() => { setNow(Date.now()); reload(); }, 1000);
    return () => clearInterval(timer);
  }, [polling, reload]);
  useEffect(() => {
    if (polling && !s.training && startedAt !== null && Date.now() - startedAt > 1500) {
      setPolling(false);
      setFinished(s.trainSeconds);
    }
  }, [polling, s.training, s.trainSeconds, startedAt]);
  const retrain = async () => {
    setError(null);
    setFinished(null);
    try {
      await api('/v1/models/train', { method: 'POST' });
      setStartedAt(Date.now());
      setPolling(true);
      reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
    }
  };
  const progress = models.progress.find((p) => p.model === s.model);
  // A model loaded from the store at start was not trained by this process: its training time is the stored one's.
  const stored = models.stored.find((m) => m.modelId === s.modelId);
  const trainSeconds = s.trainSeconds || (typeof stored?.metrics.trainSeconds === 'number' ? stored.metrics.trainSeconds : null);
  const share = progress && progress.total > 0 ? progress.done / progress.total : null;
  const busy = s.training || polling;
  return (
    <Section wide title={<>{t('serving')}: <code data-serving-model={s.model}>{s.model}</code></>} actions={
      <button type="button" className="primary" disabled={busy} onClick={retrain}>{t('retrain')}</button>}>
      <div className="stats">
        <Stat label={t('trainedAt')} value={s.trainedAt ? fmt.dateTime(s.trainedAt) : t('notReady')} />
        <Stat label={t('trainSeconds')} value={trainSeconds === null ? '—' : t('seconds', { s: fmt.number(trainSeconds, 1) })} />
        <Stat label={t('learners')} value={fmt.number(s.users)} />
        <Stat label={t('products')} value={fmt.number(s.items)} />
      </div>
      {busy && (
        <div role="status" aria-live="polite" className="job-progress">
          <span className="spinner" />
          {t('training', {
            model: s.model,
            progress: share !== null ? fmt.percent(share, 0) : t('elapsed', { s: startedAt ? Math.round((now - startedAt) / 1000) : 0 }),
          })}
          <div className={share === null ? 'progress indeterminate' : 'progress'}><div style={share === null ? undefined : { width: `${Math.round(share * 100)}%` }} /></div>
        </div>
      )}
      {!busy && finished !== null && <p role="status" className="muted">{t('trained', { model: s.model, s: fmt.number(finished, 1) })}</p>}
      {s.lastError && <p className="status error" role="alert">{t('lastError', { message: s.lastError })}</p>}
      {error && <ErrorNote error={error} />}
    </Section>
  );
}

function StoredSection({ models }: { models: Models }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const metric = (m: ModelSummary, key: string) => (typeof m.metrics[key] === 'number' ? (m.metrics[key] as number) : null);
  const columns: Column<ModelSummary>[] = [
    {
      key: 'name', label: t('name'), value: (m) => m.name,
      show: (m) => <>{m.name}{m.modelId === models.serving.modelId && <span className="tag good">{t('servingTag')}</span>}</>,
    },
    { key: 'created', label: t('created'), value: (m) => m.createdAt, show: (m) => fmt.dateTime(m.createdAt) },
    { key: 'train', label: t('trainSeconds'), numeric: true, value: (m) => metric(m, 'trainSeconds'), show: (m) => fmt.number(metric(m, 'trainSeconds'), 2) },
    { key: 'users', label: t('learners'), numeric: true, value: (m) => metric(m, 'users'), show: (m) => fmt.number(metric(m, 'users')) },
    { key: 'items', label: t('products'), numeric: true, value: (m) => metric(m, 'items'), show: (m) => fmt.number(metric(m, 'items')) },
    { key: 'interactions', label: t('interactions'), numeric: true, value: (m) => metric(m, 'interactions'), show: (m) => fmt.number(metric(m, 'interactions')) },
    {
      key: 'params', label: t('params'), value: (m) => JSON.stringify(m.params),
      show: (m) => <code className="model-params">{Object.entries(m.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}</code>,
    },
  ];
  return (
    <Section wide title={t('stored')}>
      <DataTable label={t('storedTable')} rows={models.stored} columns={columns} rowKey={(m) => String(m.modelId)} />
    </Section>
  );
}
