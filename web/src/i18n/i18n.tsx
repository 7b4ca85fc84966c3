/**
 * Languages of the dashboard: zh-CN and en. Each page keeps its own strings beside it
 * (`defineMessages`), typed so that a key missing in one language does not compile. The choice is
 * remembered in localStorage; numbers, money and dates are formatted for it.
 *
 * @example
 *   const messages = defineMessages({ en: { title: 'Overview', active: '{n} active' }, zh: { title: '概览', active: '活跃 {n} 人' } });
 *   const t = useT(messages);
 *   t('active', { n: fmt.number(1234) }); // "1,234 active"
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Locale = 'zh-CN' | 'en';
export const locales: readonly Locale[] = ['zh-CN', 'en'];

export interface Messages<K extends string> {
  en: Record<K, string>;
  zh: Record<K, string>;
}

export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

export type Translate<K extends string> = (key: K, vars?: Record<string, string | number>) => string;

const storageKey = 'learnloop.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'zh-CN' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Formatters for the current locale. Dates given as `YYYY-MM-DD` are calendar dates, not instants. */
export interface Format {
  number(n: number | null | undefined, maximumFractionDigits?: number): string;
  compact(n: number | null | undefined): string;
  percent(ratio: number | null | undefined, maximumFractionDigits?: number): string;
  money(n: number | null | undefined, currency?: string): string;
  date(isoDate: string, style?: 'short' | 'long'): string;
  dateTime(iso: string | number): string;
  relativeDays(days: number): string;
}

function formatter(locale: Locale): Format {
  const dash = '—';
  const num = (d: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: d });
  const cache = new Map<number, Intl.NumberFormat>();
  const n = (d: number) => cache.get(d) ?? (cache.set(d, num(d)), cache.get(d)!);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const shortDate = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const longDate = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const ok = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
  return {
    number: (x, d = 0) => (ok(x) ? n(d).format(x) : dash),
    compact: (x) => (ok(x) ? compact.format(x) : dash),
    percent: (x, d = 1) => (ok(x) ? new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: d }).format(x) : dash),
    money: (x, currency = 'CNY') => (ok(x) ? new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(x) : dash),
    date: (iso, style = 'short') => {
      const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(ms) ? iso : (style === 'long' ? longDate : shortDate).format(ms);
    },
    dateTime: (iso) => dateTime.format(typeof iso === 'number' ? iso : Date.parse(iso)),
    relativeDays: (days) => relative.format(Math.round(days), 'day'),
  };
}

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
  fmt: Format;
}

const LocaleContext = createContext<LocaleState | null>(null);

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const value = useMemo<LocaleState>(() => ({
    locale,
    fmt: formatter(locale),
    setLocale(next) {
      localStorage.setItem(storageKey, next);
      document.documentElement.lang = next;
      setLocaleState(next);
    },
  }), [locale]);
  document.documentElement.lang = locale;
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error('useLocale outside LocaleProvider');
  return state;
}

/** The translate function for one page's messages; `{name}` placeholders take `vars`. */
export function useT<K extends string>(messages: Messages<K>): Translate<K> {
  const { locale } = useLocale();
  return useMemo(() => {
    const table = locale === 'en' ? messages.en : messages.zh;
    return (key: K, vars?: Record<string, string | number>) => {
      const text = table[key] ?? key;
      return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
    };
  }, [locale, messages]);
}
