/**
 * The dashboard's only way to the server: the same `/v1` API platforms call, authenticated by the
 * sign-in cookie. A 401 sends the operator to the sign-in page; a 503 while the analytics rollups
 * warm up is retried with a visible "preparing" state instead of an error.
 *
 * @example
 *   const activity = useApi<Activity>('/v1/metrics/activity', { from, to, interval: 'day' });
 *   if (activity.data) activity.data.points.map((p) => p.activeUsers);
 *   await api('/v1/models/train', { method: 'POST' });
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from './router';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; query?: Query } = {}): Promise<T> {
  const res = await fetch(withQuery(path, init.query), {
    method: init.method ?? 'GET',
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'x-learnloop-dashboard': '1',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const body = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/v1/session')) {
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
    }
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.field);
  }
  return body as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** The server is still preparing (503 warming up); the request is retried. */
  warming: boolean;
  reload(): void;
}

/** GET `path` with `query` whenever either changes; `path` null waits (e.g. for a date range). */
export function useApi<T>(path: string | null, query?: Query): ApiState<T> {
  const url = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<Omit<ApiState<T>, 'reload'>>({ data: undefined, error: undefined, loading: url !== null, warming: false });
  const [round, setRound] = useState(0);
  const current = useRef(url);
  current.current = url;

  useEffect(() => {
    if (url === null) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    const attempt = (tries: number) => {
      api<T>(url).then(
        (data) => { if (!cancelled) setState({ data, error: undefined, loading: false, warming: false }); },
        (error: unknown) => {
          if (cancelled) return;
          const e = error instanceof ApiError ? error : new ApiError(0, 'network', String((error as Error)?.message ?? error));
          if (e.status === 503 && tries < 120) {
            setState((s) => ({ ...s, warming: true }));
            timer = setTimeout(() => attempt(tries + 1), 1000);
            return;
          }
          setState({ data: undefined, error: e, loading: false, warming: false });
        },
      );
    };
    attempt(0);
    return () => { cancelled = true; if (timer) clearTimeout(timer); };
  }, [url, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
