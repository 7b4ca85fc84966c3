/**
 * Queue nudges for the selected learners (`POST /v1/nudges` with their ids): a campaign name, an
 * optional holdout kept as a never-nudged control so the outcome can be measured, and the result
 * (queued, held out, cooling down) shown when the outbox has them.
 */
import type { Static } from '@sinclair/typebox';
import { useState } from 'react';
import type { QueueResponse } from '../../../../src/churn/nudge-schemas';
import { api, ApiError } from '../../api';
import { Section } from '../../components/page';
import { ErrorNote } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';

type Queued = Static<typeof QueueResponse>;

const holdouts = [0, 0.1, 0.2];

const messages = defineMessages({
  en: {
    title: 'Nudge the selected learners', selected: '{n} selected', campaign: 'Campaign', holdout: 'Holdout (never nudged, for measuring)',
    queue: 'Queue {n} nudges', queueing: 'Queueing {n} nudges…', pick: 'Select learners in the list above to nudge them.',
    result: 'Campaign “{campaign}”: {queued} queued, {held} held out as controls, {cooling} skipped (nudged in the last 7 days).',
    delivery: 'The platform picks queued nudges up with GET /v1/nudges?status=pending, or receives them on its webhook; outcomes appear below once Notification Sent/Opened events arrive.',
  },
  zh: {
    title: '向选中的学员发送提醒', selected: '已选 {n} 人', campaign: '活动名称', holdout: '对照组（不发送，用于衡量效果）',
    queue: '加入 {n} 条提醒', queueing: '正在加入 {n} 条提醒…', pick: '在上面的列表中选择要提醒的学员。',
    result: '活动“{campaign}”：已加入 {queued} 条，{held} 人留作对照，跳过 {cooling} 人（7 天内已提醒过）。',
    delivery: '平台通过 GET /v1/nudges?status=pending 拉取待发提醒，或由 webhook 接收；收到 Notification Sent/Opened 事件后，效果显示在下方。',
  },
});

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

export function QueueNudges({ userIds, onQueued }: { userIds: string[]; onQueued: () => void }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const [campaign, setCampaign] = useState(`win-back-${today()}`);
  const [holdoutShare, setHoldoutShare] = useState(0);
  const [busy, setBusy] = useState(0);
  const [result, setResult] = useState<Queued | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const n = userIds.length;

  const queue = async () => {
    setBusy(n);
    setError(null);
    setResult(null);
    try {
      const r = await api<Queued>('/v1/nudges', { method: 'POST', body: { userIds, campaign, holdoutShare } });
      setResult(r);
      onQueued();
      window.dispatchEvent(new CustomEvent('learnloop:nudges-queued'));
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e)));
    } finally {
      setBusy(0);
    }
  };

  return (
    <Section title={t('title')} actions={<span className="muted">{t('selected', { n: fmt.number(n) })}</span>}>
      <form className="row" onSubmit={(e) => { e.preventDefault(); if (n > 0 && !busy) void queue(); }}>
        <label>{t('campaign')} <input value={campaign} onChange={(e) => setCampaign(e.target.value)} pattern="[A-Za-z0-9_.:\-]+" maxLength={64} required /></label>
        <label>{t('holdout')} <select value={holdoutShare} onChange={(e) => setHoldoutShare(Number(e.target.value))}>
          {holdouts.map((h) => <option key={h} value={h}>{fmt.percent(h, 0)}</option>)}
        </select></label>
        <button type="submit" className="primary" disabled={n === 0 || busy > 0}>{t('queue', { n: fmt.number(n) })}</button>
      </form>
      {busy > 0 && <div role="status" aria-live="polite" className="muted"><span className="spinner" />{t('queueing', { n: fmt.number(busy) })}<div className="progress indeterminate"><div /></div></div>}
      {n === 0 && !result && !busy && <p className="muted">{t('pick')}</p>}
      {error && <ErrorNote error={error} />}
      {result && (
        <div role="status" data-queued={result.queued.length}>
          <p><strong>{t('result', { campaign: result.campaign, queued: fmt.number(result.queued.length), held: fmt.number(result.heldOut.length), cooling: fmt.number(result.coolingDown.length) })}</strong></p>
          <p className="muted">{t('delivery')}</p>
        </div>
      )}
    </Section>
  );
}
