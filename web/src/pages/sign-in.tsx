/** Sign-in with the project's dashboard account (created at first start, printed in the banner). */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import type { Session } from '../app';
import { defineMessages, useLocale, useT } from '../i18n/i18n';
import { navigate, useQuery } from '../router';

const messages = defineMessages({
  en: {
    title: 'Sign in to Learnloop', email: 'Email', password: 'Password', submit: 'Sign in', busy: 'Signing in…',
    invalid: 'Wrong email or password.', limited: 'Too many attempts. Try again in {minutes} min.',
    hint: 'The first account is printed in the server banner at first start (or set LEARNLOOP_ADMIN_EMAIL and LEARNLOOP_ADMIN_PASSWORD). Forgot it? Run: learnloop admin reset-password',
  },
  zh: {
    title: '登录 Learnloop', email: '邮箱', password: '密码', submit: '登录', busy: '正在登录…',
    invalid: '邮箱或密码不正确。', limited: '尝试次数过多，请 {minutes} 分钟后再试。',
    hint: '首个账号在服务首次启动时打印在启动信息中（或设置 LEARNLOOP_ADMIN_EMAIL 与 LEARNLOOP_ADMIN_PASSWORD）。忘记密码？运行：learnloop admin reset-password',
  },
});

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const t = useT(messages);
  const { locale, setLocale } = useLocale();
  const next = useQuery().get('next');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  document.title = `${t('title')}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('/v1/session', { method: 'POST', body: { email, password } });
      onSignedIn(session);
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('limited', { minutes: 15 }));
      else if (err instanceof ApiError && err.status === 401) setError(t('invalid'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <div className="lang" role="group" aria-label="Language / 语言">
          <button type="button" aria-pressed={locale === 'zh-CN'} onClick={() => setLocale('zh-CN')}>中文</button>
          <button type="button" aria-pressed={locale === 'en'} onClick={() => setLocale('en')}>English</button>
        </div>
        <h1 id="sign-in-title">{t('title')}</h1>
        <label>{t('email')}<input name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} /></label>
        <label>{t('password')}<input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} /></label>
        {error && <p className="status error" role="alert">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>{busy ? t('busy') : t('submit')}</button>
        <p className="hint">{t('hint')}</p>
      </form>
    </main>
  );
}
