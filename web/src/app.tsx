/**
 * The dashboard shell: checks the sign-in, then draws the header (navigation, language switch,
 * account) and the page the URL names. Nothing here knows what a page shows.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from './api';
import { defineMessages, useLocale, useT } from './i18n/i18n';
import { SignInPage } from './pages/sign-in';
import { interceptLinks, matchPath, navigate, useLocation } from './router';
import { pages } from './routes';

export interface Session {
  account: { email: string };
  projectId: string;
}

const messages = defineMessages({
  en: { signOut: 'Sign out', notFound: 'No page at {path}.', home: 'Back to the overview', menu: 'Main navigation', skip: 'Skip to content', checking: 'Checking sign-in…' },
  zh: { signOut: '退出登录', notFound: '没有这个页面：{path}', home: '返回概览', menu: '主导航', skip: '跳到正文', checking: '正在确认登录…' },
});

export function App() {
  const { pathname } = useLocation();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => interceptLinks(), []);
  useEffect(() => {
    api<Session>('/v1/session').then(setSession, (e: unknown) => {
      setSession(null);
      if (e instanceof ApiError && e.status === 401 && location.pathname !== '/sign-in') {
        navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
      }
    });
  }, []);

  const t = useT(messages);
  if (session === undefined) return <div className="status loading">{t('checking')}</div>;
  if (pathname === '/sign-in' || session === null) return <SignInPage onSignedIn={setSession} />;
  return <Shell session={session} pathname={pathname} onSignedOut={() => setSession(null)} />;
}

function Shell({ session, pathname, onSignedOut }: { session: Session; pathname: string; onSignedOut: () => void }) {
  const t = useT(messages);
  const { locale, setLocale } = useLocale();
  let params: Record<string, string> | null = null;
  const page = pages.find((p) => (params = matchPath(p.path, pathname)) !== null);
  const current = page?.section ?? page?.path;
  const signOut = async () => {
    await api('/v1/session', { method: 'DELETE' }).catch(() => undefined);
    onSignedOut();
    navigate('/sign-in');
  };
  const Component = page?.component;
  return (
    <div className="shell">
      <a className="skip" href="#main">{t('skip')}</a>
      <header className="topbar">
        <a className="brand" href="/">Learnloop</a>
        <nav aria-label={t('menu')}>
          {pages.filter((p) => p.nav).map((p) => (
            <a key={p.path} href={p.path} aria-current={p.path === current ? 'page' : undefined}>{locale === 'en' ? p.nav!.en : p.nav!.zh}</a>
          ))}
        </nav>
        <div className="topbar-end">
          <div className="lang" role="group" aria-label="Language / 语言">
            <button type="button" aria-pressed={locale === 'zh-CN'} onClick={() => setLocale('zh-CN')}>中文</button>
            <button type="button" aria-pressed={locale === 'en'} onClick={() => setLocale('en')}>English</button>
          </div>
          <a className="account" href="/account" title={session.projectId}>{session.account.email}</a>
          <button type="button" className="link" onClick={signOut}>{t('signOut')}</button>
        </div>
      </header>
      <main id="main">
        {Component ? <Component key={pathname} params={params ?? {}} /> : (
          <div className="status empty"><strong>{t('notFound', { path: pathname })}</strong><p><a href="/">{t('home')}</a></p></div>
        )}
      </main>
    </div>
  );
}
