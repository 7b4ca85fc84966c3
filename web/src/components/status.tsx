/**
 * What a page shows while it waits, when something failed, and when there is nothing to draw:
 * never a blank chart. `Empty` always says how to get the data.
 *
 * @example
 *   const state = useApi<Rules>('/v1/rules');
 *   <Loaded state={state}>{(rules) => rules.rules.length ? <RulesTable rules={rules.rules} /> : <Empty title="…" hint="…" />}</Loaded>
 */
import type { ReactNode } from 'react';
import type { ApiError, ApiState } from '../api';
import { defineMessages, useT } from '../i18n/i18n';

const messages = defineMessages({
  en: {
    loading: 'Loading…', warming: 'Preparing the analytics for the events that just arrived…', failed: 'Could not load this: {message}',
    retry: 'Try again', field: 'field',
  },
  zh: {
    loading: '加载中…', warming: '正在为刚到达的事件准备分析数据…', failed: '加载失败：{message}',
    retry: '重试', field: '字段',
  },
});

export function Loading({ warming = false }: { warming?: boolean }) {
  const t = useT(messages);
  return <div className="status loading" role="status" aria-busy="true"><span className="spinner" />{t(warming ? 'warming' : 'loading')}</div>;
}

export function ErrorNote({ error, retry }: { error: ApiError; retry?: () => void }) {
  const t = useT(messages);
  return (
    <div className="status error" role="alert">
      {t('failed', { message: error.message })}
      {error.field && <code className="field"> {t('field')}: {error.field}</code>}
      {retry && <button type="button" className="link" onClick={retry}>{t('retry')}</button>}
    </div>
  );
}

export function Empty({ title, hint, command }: { title: string; hint?: ReactNode; command?: string }) {
  return (
    <div className="status empty" data-empty="true">
      <strong>{title}</strong>
      {hint && <p>{hint}</p>}
      {command && <pre><code>{command}</code></pre>}
    </div>
  );
}

/** Renders `children(data)` once loaded; loading, warming and errors in between. */
export function Loaded<T>({ state, children }: { state: ApiState<T>; children: (data: T) => ReactNode }) {
  if (state.error) return <ErrorNote error={state.error} retry={state.reload} />;
  if (state.data === undefined) return <Loading warming={state.warming} />;
  return <>{children(state.data)}</>;
}
