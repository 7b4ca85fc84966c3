/**
 * The learner's churn risk: the probability of leaving within the horizon, where it ranks among
 * the scored learners, and the model's reasons in the current language. A learner who is not
 * scored (not active in the 28 days before the score date) is told so, not shown a zero.
 */
import type { RiskScores } from '../../../../src/churn/at-risk';
import { useApi } from '../../api';
import { Section } from '../../components/page';
import { Empty, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';

const messages = defineMessages({
  en: {
    title: 'Churn risk', probability: 'Probability of leaving within {days} days', rank: 'Rank {rank} of {n} scored learners (riskier than {share})',
    high: 'High risk', medium: 'Medium risk', low: 'Low risk', reasons: 'Why', model: 'Model {model}, scored as of {asOf}',
    notScored: 'Not scored', notScoredHint: 'Only learners active in the 28 days before {asOf} are scored; this learner was not, so they count as already gone, not at risk.',
    noModel: 'No churn model yet', noModelHint: 'Train one (it needs a few weeks of history):', reasonsList: 'Reasons for the churn risk',
    atRisk: 'See all learners at risk',
  },
  zh: {
    title: '流失风险', probability: '{days} 天内流失的概率', rank: '在 {n} 名被评分学员中排第 {rank}（高于 {share} 的学员）',
    high: '高风险', medium: '中风险', low: '低风险', reasons: '原因', model: '模型 {model}，评分日期 {asOf}',
    notScored: '未评分', notScoredHint: '只对 {asOf} 前 28 天内活跃过的学员评分；该学员不在其中，视为已流失，而非有流失风险。',
    noModel: '还没有流失模型', noModelHint: '训练一个（需要几周的历史数据）：', reasonsList: '流失风险的原因',
    atRisk: '查看全部流失风险学员',
  },
});

export function riskLevel(p: number): 'high' | 'medium' | 'low' {
  return p >= 0.7 ? 'high' : p >= 0.4 ? 'medium' : 'low';
}

export function RiskSection({ userId }: { userId: string }) {
  const t = useT(messages);
  // The scores API answers for every scored learner; the learner is picked out here.
  const scores = useApi<RiskScores>('/v1/churn/scores');
  return (
    <Section title={t('title')} actions={<a href="/at-risk">{t('atRisk')}</a>}>
      {scores.error && (scores.error.status === 422 || scores.error.code === 'insufficient_data')
        ? <Empty title={t('noModel')} hint={`${scores.error.message}. ${t('noModelHint')}`} command="curl -X POST -H 'authorization: Bearer $SECRET_KEY' http://localhost:8080/v1/churn/train" />
        : <Loaded state={scores}>{(s) => <Risk scores={s} userId={userId} />}</Loaded>}
    </Section>
  );
}

function Risk({ scores, userId }: { scores: RiskScores; userId: string }) {
  const t = useT(messages);
  const { locale, fmt } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const index = scores.learners.findIndex((l) => l.userId === userId);
  const asOf = fmt.date(scores.asOf, 'long');
  if (index < 0) return <Empty title={t('notScored')} hint={t('notScoredHint', { asOf })} />;
  const me = scores.learners[index]!;
  const level = riskLevel(me.probability);
  const n = scores.learners.length;
  const top = Math.max(...me.reasons.map((r) => Math.abs(r.contribution)), 1e-9);
  return (
    <div className="risk" data-risk={level}>
      <div className="row">
        <div className="stat" data-stat={t('probability', { days: scores.horizonDays })}>
          <div className="stat-label">{t('probability', { days: scores.horizonDays })}</div>
          <div className="stat-value">{fmt.percent(me.probability, 1)}</div>
        </div>
        <div>
          <span className={`tag ${level === 'high' ? 'bad' : level === 'medium' ? 'warn' : 'good'}`}>{t(level)}</span>
          <p className="muted">{t('rank', { rank: fmt.number(index + 1), n: fmt.number(n), share: fmt.percent((n - index - 1) / n, 1) })}</p>
        </div>
      </div>
      <h3>{t('reasons')}</h3>
      <ul className="reasons" aria-label={t('reasonsList')}>
        {me.reasons.map((r) => (
          <li key={r.feature} data-feature={r.feature}>
            <span>{r.text[lang]}</span>
            <span className="bar" title={fmt.number(r.contribution, 3)}><span className={r.contribution >= 0 ? 'up' : 'down'} style={{ width: `${(Math.abs(r.contribution) / top) * 100}%` }} /></span>
          </li>
        ))}
      </ul>
      <p className="muted">{t('model', { model: scores.model, asOf })}</p>
    </div>
  );
}
