/**
 * The funnel builder: 2–10 steps, each an event picked from the names the project received in
 * the range (with how often), added, removed and moved up or down. The caller keeps the steps in
 * the URL; this only edits the list.
 */
import type { EventCount } from '../../../src/analytics/event-counts';
import { useLocale, useT } from '../i18n/i18n';
import { funnelMessages } from './funnels-messages';

export const minSteps = 2;
export const maxSteps = 10;

export function FunnelSteps({ steps, events, onChange }: {
  steps: readonly string[];
  /** Names seen in the range, most frequent first; undefined while loading. */
  events: readonly EventCount[] | undefined;
  onChange: (steps: string[]) => void;
}) {
  const t = useT(funnelMessages);
  const { fmt } = useLocale();
  const known = new Set(events?.map((e) => e.event));
  const set = (i: number, event: string) => onChange(steps.map((s, j) => (j === i ? event : s)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };
  // The next step suggested: the most frequent name not already in the funnel.
  const suggestion = events?.find((e) => !steps.includes(e.event))?.event ?? events?.[0]?.event;
  return (
    <ol className="funnel-steps" aria-label={t('steps')}>
      {steps.map((step, i) => (
        <li key={i}>
          <label>
            <span className="funnel-step-n">{t('step', { n: i + 1 })}</span>
            <select value={step} onChange={(e) => set(i, e.target.value)}>
              {!known.has(step) && <option value={step}>{events ? `${step} (${t('notInRange')})` : step}</option>}
              {events?.map((e) => <option key={e.event} value={e.event}>{`${e.event} (${fmt.compact(e.count)})`}</option>)}
            </select>
          </label>
          <span className="funnel-step-actions">
            <button type="button" className="secondary" aria-label={t('up', { n: i + 1 })} title={t('up', { n: i + 1 })} disabled={i === 0} onClick={() => move(i, -1)}>↑</button>
            <button type="button" className="secondary" aria-label={t('down', { n: i + 1 })} title={t('down', { n: i + 1 })} disabled={i === steps.length - 1} onClick={() => move(i, 1)}>↓</button>
            <button type="button" className="secondary" aria-label={t('remove', { n: i + 1 })} title={t('remove', { n: i + 1 })} disabled={steps.length <= minSteps}
              onClick={() => onChange(steps.filter((_, j) => j !== i))}>✕</button>
          </span>
        </li>
      ))}
      <li className="funnel-add">
        <button type="button" className="secondary" disabled={steps.length >= maxSteps || !suggestion} onClick={() => suggestion && onChange([...steps, suggestion])}>
          + {t('addStep')}
        </button>
        {!events && <span className="muted">{t('loadingEvents')}</span>}
      </li>
    </ol>
  );
}
