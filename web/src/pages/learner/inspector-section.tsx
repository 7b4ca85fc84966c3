/**
 * The recommendation inspector: what the serving model recommends this learner and why, beside
 * what another model would (`?compare=als` in the URL), and the lessons they would continue. A
 * model never trained for comparison can be trained from here, with its progress shown.
 */
import { useEffect, useRef, useState } from 'react';
import type { NextLesson } from '../../../../src/recommend/serving/continue-learning';
import type { ModelSummary } from '../../../../src/recommend/serving/model-store';
import type { ModelTrainingProgress } from '../../../../src/recommend/serving/training-progress';
import type { RecommendAnswer, RecommendationService } from '../../../../src/recommend/serving/recommendation-service';
import { api, ApiError, useApi, type ApiState } from '../../api';
import { DataTable } from '../../components/data-table';
import { Section } from '../../components/page';
import { Empty, ErrorNote, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { setQuery, useQuery } from '../../router';

export interface ModelsAnswer {
  serving: RecommendationService['status'];
  available: string[];
  comparisons: RecommendationService['comparisons'];
  stored: ModelSummary[];
  /** What the trainings started through the API last reported. */
  progress?: ModelTrainingProgress[];
}

const messages = defineMessages({
  en: {
    title: 'Recommendations', compare: 'Compare with', none: 'nothing', serving: '{model} (serving)', mode: 'mode: {mode}',
    personal: 'from their history', interests: 'from onboarding interests', trending: 'trending (nothing known yet)',
    item: 'Item', type: 'Type', category: 'Category', score: 'Score', reason: 'Why', both: 'in both',
    empty: 'Nothing to recommend', emptyHint: 'Every recommendable item is bought, finished or dismissed by this learner.',
    notTrained: '{model} is not trained yet', notTrainedHint: 'Train it for comparison; the serving model does not change.', train: 'Train {model}',
    training: 'Training {model}… {s} s', trainFailed: 'Training failed: {message}',
    notReady: 'No model is trained yet', notReadyHint: 'The server trains one at start once events exist, or:',
    continue: 'Continue learning', course: 'Course', lesson: 'Next lesson', progress: 'Progress', last: 'Last studied',
    noContinue: 'No course in progress', noContinueHint: 'Courses appear here once the learner starts a lesson and has not finished them.',
    listLabel: 'Recommendations from {model}', continueLabel: 'Lessons to continue',
  },
  zh: {
    title: '推荐', compare: '对比模型', none: '不对比', serving: '{model}（线上）', mode: '方式：{mode}',
    personal: '基于学习历史', interests: '基于注册兴趣', trending: '热门（尚无了解）',
    item: '内容', type: '类型', category: '类目', score: '分数', reason: '推荐理由', both: '两者都有',
    empty: '没有可推荐的内容', emptyHint: '所有可推荐的内容都已被该学员购买、学完或忽略。',
    notTrained: '{model} 还没有训练', notTrainedHint: '训练它用于对比；线上模型不变。', train: '训练 {model}',
    training: '正在训练 {model}… {s} 秒', trainFailed: '训练失败：{message}',
    notReady: '还没有训练好的模型', notReadyHint: '有事件后服务启动时会自动训练，或运行：',
    continue: '继续学习', course: '课程', lesson: '下一课', progress: '进度', last: '最近学习',
    noContinue: '没有学习中的课程', noContinueHint: '学员开始学习某课程的课时且尚未学完时，会出现在这里。',
    listLabel: '{model} 的推荐', continueLabel: '可继续学习的课时',
  },
});

const k = 10;

export function InspectorSection({ userId }: { userId: string }) {
  const t = useT(messages);
  const models = useApi<ModelsAnswer>('/v1/models');
  const compare = useQuery().get('compare') ?? '';
  const serving = models.data?.serving.model;
  const mine = useApi<RecommendAnswer>(serving ? `/v1/users/${encodeURIComponent(userId)}/recommendations` : null, { k, lang: useLang() });
  // Asked only for a model that has a saved version: an untrained one offers training instead of a 409.
  const trained = !!models.data && (models.data.stored.some((m) => m.name === compare) || models.data.comparisons.some((c) => c.model === compare && c.ready));
  const other = useApi<RecommendAnswer>(serving && compare && compare !== serving && trained ? `/v1/users/${encodeURIComponent(userId)}/recommendations` : null,
    { k, lang: useLang(), model: compare });
  const choices = models.data?.available.filter((m) => m !== serving) ?? [];
  const both = new Set(mine.data && other.data ? mine.data.items.filter((i) => other.data!.items.some((o) => o.itemId === i.itemId)).map((i) => i.itemId) : []);
  return (
    <>
      <Section wide title={t('title')} actions={models.data && (
        <label className="row">{t('compare')}
          <select value={compare} onChange={(e) => setQuery({ compare: e.target.value || undefined }, { push: true })}>
            <option value="">{t('none')}</option>
            {choices.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>)}>
        <Loaded state={models}>{() => (
          <div className={compare && compare !== serving ? 'compare' : undefined}>
            <RecList answer={mine} label={t('serving', { model: serving ?? '' })} both={both} />
            {compare && compare !== serving && (trained ? <RecList answer={other} label={compare} both={both} model={compare} />
              : <div><h3>{compare}</h3><TrainButton model={compare} onDone={models.reload} /></div>)}
          </div>
        )}</Loaded>
      </Section>
      <ContinueSection userId={userId} />
    </>
  );
}

function useLang(): 'zh' | 'en' {
  return useLocale().locale === 'en' ? 'en' : 'zh';
}

function RecList({ answer, label, both, model }: { answer: ApiState<RecommendAnswer>; label: string; both: Set<string>; model?: string }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  if (answer.error?.code === 'model_not_ready' && !model) return <Empty title={t('notReady')} hint={t('notReadyHint')} command="curl -X POST -H 'authorization: Bearer $SECRET_KEY' http://localhost:8080/v1/models/train" />;
  return (
    <div data-model={model ?? 'serving'}>
      <Loaded state={answer}>{(a) => (
        <>
          <h3>{label} <span className="muted">· {t('mode', { mode: t(a.mode) })}</span></h3>
          {a.items.length === 0 ? <Empty title={t('empty')} hint={t('emptyHint')} /> : (
            <DataTable label={t('listLabel', { model: a.model })} rows={a.items} rowKey={(r) => r.itemId} href={(r) => `/quality/${encodeURIComponent(r.itemId)}`} columns={[
              { key: 'title', label: t('item'), value: (r) => r.title, show: (r) => <>{r.title}{both.has(r.itemId) && <span className="tag good">{t('both')}</span>}</> },
              { key: 'type', label: t('type'), value: (r) => r.type },
              { key: 'category', label: t('category'), value: (r) => r.category },
              { key: 'score', label: t('score'), value: (r) => r.score, show: (r) => fmt.number(r.score, 3), numeric: true },
              { key: 'reason', label: t('reason'), value: (r) => r.reason.text },
            ]} />
          )}
        </>
      )}</Loaded>
    </div>
  );
}

/** Starts training `model` for comparison and polls `/v1/models` until it is ready. */
function TrainButton({ model, onDone }: { model: string; onDone?: () => void }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const [started, setStarted] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [share, setShare] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    if (started === null) return;
    const timer = setInterval(async () => {
      setNow(Date.now());
      const m = await api<ModelsAnswer>('/v1/models').catch(() => undefined);
      const p = m?.progress?.find((x) => x.model === model);
      setShare(p && p.total > 0 ? p.done / p.total : null);
      const c = m?.comparisons.find((x) => x.model === model);
      if (!c || c.training) return;
      setStarted(null);
      if (c.ready) done.current?.();
      else setError(c.lastError ?? 'unknown error');
    }, 1000);
    return () => clearInterval(timer);
  }, [started, model]);
  const train = async () => {
    setError(null);
    try {
      await api(`/v1/models/train`, { method: 'POST', query: { model } });
      setStarted(Date.now());
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div className="status empty" data-empty="true">
      <strong>{t('notTrained', { model })}</strong>
      <p>{t('notTrainedHint')}</p>
      {started !== null ? (
        <div role="status" aria-live="polite"><span className="spinner" />{t('training', { model, s: Math.round((now - started) / 1000) })}{share !== null && ` · ${fmt.percent(share, 0)}`}
          <div className={share === null ? 'progress indeterminate' : 'progress'}><div style={share === null ? undefined : { width: `${share * 100}%` }} /></div></div>
      ) : <button type="button" className="primary" onClick={train}>{t('train', { model })}</button>}
      {error && <ErrorNote error={new ApiError(0, 'training', t('trainFailed', { message: error }))} />}
    </div>
  );
}

function ContinueSection({ userId }: { userId: string }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const lessons = useApi<{ userId: string; lessons: NextLesson[] }>(`/v1/users/${encodeURIComponent(userId)}/continue`, { k: 10, lang: useLang() });
  return (
    <Section title={t('continue')}>
      <Loaded state={lessons}>{(c) => c.lessons.length === 0 ? <Empty title={t('noContinue')} hint={t('noContinueHint')} /> : (
        <DataTable label={t('continueLabel')} rows={c.lessons} rowKey={(l) => l.lessonId} href={(l) => `/quality/${encodeURIComponent(l.courseId)}`} columns={[
          { key: 'course', label: t('course'), value: (l) => l.courseTitle },
          { key: 'lesson', label: t('lesson'), value: (l) => l.lessonTitle },
          { key: 'progress', label: t('progress'), value: (l) => l.lessonsCompleted / Math.max(1, l.lessonsTotal), show: (l) => `${l.lessonsCompleted} / ${l.lessonsTotal}`, numeric: true },
          { key: 'last', label: t('last'), value: (l) => l.lastActivityAt, show: (l) => (l.lastActivityAt ? fmt.dateTime(l.lastActivityAt) : '—') },
        ]} />
      )}</Loaded>
    </Section>
  );
}
