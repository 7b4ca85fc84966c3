/**
 * Client-side navigation over plain `<a href>` links: a click on a same-origin link is turned into
 * `history.pushState` (modifier keys and new tabs keep working), so every page has its own URL and
 * reload and the back button behave. Page state that belongs in a deep link (date range, filters)
 * lives in the query string (`useQuery`, `setQuery`).
 *
 * @example
 *   const { pathname } = useLocation();
 *   const match = matchPath('/learners/:id', pathname); // { id: 'u042' } or null
 *   setQuery({ from: '2026-03-01' });
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => { for (const l of listeners) l(); };
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  const url = new URL(href, location.href);
  if (url.href === location.href) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  if (!options.replace && url.pathname !== location.pathname) window.scrollTo(0, 0);
  notify();
}

export function useLocation(): { pathname: string; search: string } {
  const path = useSyncExternalStore(subscribe, () => location.pathname + location.search);
  const i = path.indexOf('?');
  return i < 0 ? { pathname: path, search: '' } : { pathname: path.slice(0, i), search: path.slice(i) };
}

export function useQuery(): URLSearchParams {
  return new URLSearchParams(useLocation().search);
}

/** Changes query parameters in place (undefined or '' removes one); replaces the history entry by default. */
export function setQuery(updates: Record<string, string | number | undefined>, options: { push?: boolean } = {}): void {
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(updates)) {
    if (value === undefined || value === '') url.searchParams.delete(key);
    else url.searchParams.set(key, String(value));
  }
  navigate(url.pathname + url.search, { replace: !options.push });
}

/** `/learners/:id` against a pathname: the decoded params, or null when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = pathname.replace(/\/+$/, '').split('/');
  if (pattern === '/' ) return pathname === '/' || pathname === '' ? {} : null;
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i]!.startsWith(':')) params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
    else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** Installs the link interception once, at the root of the app. */
export function interceptLinks(root: HTMLElement | Document = document): () => void {
  const onClick = (event: Event) => {
    const e = event as MouseEvent;
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/v1/') || url.pathname.startsWith('/docs')) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  };
  root.addEventListener('click', onClick);
  return () => root.removeEventListener('click', onClick);
}
