/**
 * The signed-in account: who it is, and changing its password (`POST /v1/session/password`; every
 * other session of the account is signed out). Reached from the account name in the header.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../api';
import type { Session } from '../app';
import { Page, Section } from '../components/page';
import { Loaded } from '../components/status';
import { defineMessages, useT } from '../i18n/i18n';

const minPasswordLength = 10;

const messages = defineMessages({
  en: {
    title: 'Account', signedInAs: 'Signed in as {email} (project {project}).', change: 'Change password',
    current: 'Current password', next: 'New password (at least {n} characters)', repeat: 'New password again',
    save: 'Change password', saving: 'Changing…', done: 'Password changed. Other sessions of this account were signed out.',
    mismatch: 'The two new passwords differ.', short: 'The new password needs at least {n} characters.',
    wrong: 'The current password is wrong.', limited: 'Too many attempts; try again later.',
  },
  zh: {
    title: '账号', signedInAs: '当前登录：{email}（项目 {project}）。', change: '修改密码',
    current: '当前密码', next: '新密码（至少 {n} 个字符）', repeat: '再次输入新密码',
    save: '修改密码', saving: '正在修改…', done: '密码已修改，该账号的其他登录已退出。',
    mismatch: '两次输入的新密码不一致。', short: '新密码至少需要 {n} 个字符。',
    wrong: '当前密码不正确。', limited: '尝试次数过多，请稍后再试。',
  },
});

export function AccountPage() {
  const t = useT(messages);
  const session = useApi<Session>('/v1/session');
  return (
    <Page title={t('title')}>
      <Loaded state={session}>{(s) => <p>{t('signedInAs', { email: s.account.email, project: s.projectId })}</p>}</Loaded>
      <Section title={t('change')}><PasswordForm /></Section>
    </Page>
  );
}

function PasswordForm() {
  const t = useT(messages);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next.length < minPasswordLength) return setResult({ ok: false, text: t('short', { n: minPasswordLength }) });
    if (next !== repeat) return setResult({ ok: false, text: t('mismatch') });
    setBusy(true);
    setResult(null);
    try {
      await api('/v1/session/password', { method: 'POST', body: { currentPassword: current, newPassword: next } });
      setCurrent(''); setNext(''); setRepeat('');
      setResult({ ok: true, text: t('done') });
    } catch (err) {
      const text = err instanceof ApiError && err.status === 403 ? t('wrong')
        : err instanceof ApiError && err.status === 429 ? t('limited')
          : (err as Error).message;
      setResult({ ok: false, text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="account-form" onSubmit={submit}>
      <label>{t('current')}<input name="currentPassword" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} /></label>
      <label>{t('next', { n: minPasswordLength })}<input name="newPassword" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} /></label>
      <label>{t('repeat')}<input name="repeatPassword" type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} /></label>
      {result && <p className={result.ok ? 'status done' : 'status error'} role={result.ok ? 'status' : 'alert'}>{result.text}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? t('saving') : t('save')}</button>
    </form>
  );
}
