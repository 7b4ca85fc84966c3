/**
 * What nudges achieved, per campaign (`GET /v1/nudges/outcomes`): delivery, sends and opens from
 * the platform's Notification events, and learners active again within the horizon beside the
 * holdout that was never nudged (the uplift). Reloads when nudges are queued on this page.
 */
import type { Static } from '@sinclair/typebox';
import { useEffect } from 'react';
import type { OutcomesResponse } from '../../../../src/churn/nudge-schemas';
import { useApi } from '../../api';
import { DataTable } from '../../components/data-table';
import { Section } from '../../components/page';
import { Empty, Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';

type Outcomes = Static<typeof OutcomesResponse>;

const messages = defineMessages({
  en: {
    title: 'Nudge outcomes', table: 'Nudge outcomes by campaign', campaign: 'Campaign', nudges: 'Nudges', pending: 'Pending', delivered: 'Delivered',
    failed: 'Failed', sent: 'Sent', opened: 'Opened', openRate: 'Open rate', activeAgain: 'Active again', activeRate: 'Active rate',
    holdout: 'Holdout active rate', uplift: 'Uplift', waiting: 'Waiting',
    activeTitle: 'learners active again within the horizon ÷ nudges whose horizon has passed', upliftTitle: 'active rate minus the holdout\'s',
    none: 'No nudges yet', noneHint: 'Select learners above and queue nudges; or queue the top-risk learners from the API:',
    asOf: 'as of {asOf}',
  },
  zh: {
    title: '提醒效果', table: '各活动的提醒效果', campaign: '活动', nudges: '提醒数', pending: '待发送', delivered: '已送达',
    failed: '失败', sent: '已发送', opened: '已打开', openRate: '打开率', activeAgain: '重新活跃', activeRate: '重新活跃率',
    holdout: '对照组活跃率', uplift: '提升', waiting: '观察中',
    activeTitle: '在观察期内重新活跃的学员 ÷ 观察期已结束的提醒', upliftTitle: '重新活跃率减去对照组的',
    none: '还没有提醒', noneHint: '在上方选择学员并加入提醒；或用 API 提醒风险最高的学员：',
    asOf: '截至 {asOf}',
  },
});

export function NudgeOutcomes() {
  const t = useT(messages);
  const { fmt } = useLocale();
  const outcomes = useApi<Outcomes>('/v1/nudges/outcomes');
  const { reload } = outcomes;
  useEffect(() => {
    window.addEventListener('learnloop:nudges-queued', reload);
    return () => window.removeEventListener('learnloop:nudges-queued', reload);
  }, [reload]);
  const pct = (x: number | null) => (x === null ? '—' : fmt.percent(x, 1));
  return (
    <Section title={t('title')} actions={outcomes.data?.asOf && <span className="muted">{t('asOf', { asOf: fmt.dateTime(outcomes.data.asOf) })}</span>}>
      <Loaded state={outcomes}>{(o) => o.campaigns.length === 0
        ? <Empty title={t('none')} hint={t('noneHint')} command={`curl -X POST -H 'authorization: Bearer $SECRET_KEY' -H 'content-type: application/json' -d '{"limit":50,"campaign":"win-back","holdoutShare":0.1}' http://localhost:8080/v1/nudges`} />
        : (
          <DataTable label={t('table')} rows={o.campaigns} rowKey={(c) => c.campaign} columns={[
            { key: 'campaign', label: t('campaign'), value: (c) => c.campaign },
            { key: 'nudges', label: t('nudges'), value: (c) => c.nudges, numeric: true },
            { key: 'pending', label: t('pending'), value: (c) => c.pending, numeric: true },
            { key: 'delivered', label: t('delivered'), value: (c) => c.delivered, numeric: true },
            { key: 'failed', label: t('failed'), value: (c) => c.failed, numeric: true },
            { key: 'sent', label: t('sent'), value: (c) => c.sent, numeric: true },
            { key: 'opened', label: t('opened'), value: (c) => c.opened, numeric: true },
            { key: 'openRate', label: t('openRate'), value: (c) => c.openRate, show: (c) => pct(c.openRate), numeric: true },
            { key: 'activeAgain', label: t('activeAgain'), value: (c) => c.activeAgain, numeric: true },
            { key: 'waiting', label: t('waiting'), value: (c) => c.waiting, numeric: true },
            { key: 'activeRate', label: t('activeRate'), title: t('activeTitle'), value: (c) => c.activeRate, show: (c) => pct(c.activeRate), numeric: true },
            { key: 'holdout', label: t('holdout'), value: (c) => c.holdout.activeRate, show: (c) => `${pct(c.holdout.activeRate)} (${fmt.number(c.holdout.nudges)})`, numeric: true },
            { key: 'uplift', label: t('uplift'), title: t('upliftTitle'), value: (c) => c.uplift, numeric: true,
              show: (c) => (c.uplift === null ? '—' : `${c.uplift > 0 ? '+' : ''}${fmt.percent(c.uplift, 1)}`) },
          ]} />
        )}</Loaded>
    </Section>
  );
}
