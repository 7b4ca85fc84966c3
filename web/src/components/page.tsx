/**
 * The frame of every page: a title (also the document title), an optional subtitle and the page's
 * controls on the right; sections are titled cards.
 *
 * @example
 *   <Page title={t('title')} actions={<DateRangePicker range={range} />}>
 *     <Section title={t('activeLearners')}>…</Section>
 *   </Page>
 */
import { useEffect, type ReactNode } from 'react';

export function Page({ title, subtitle, actions, children }: { title: string; subtitle?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => { document.title = `${title} · Learnloop`; }, [title]);
  return (
    <section className="page">
      <header className="page-header">
        <div>
          <h1>{title}</h1>
          {subtitle && <p className="subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Section({ title, actions, children, wide = false }: { title: ReactNode; actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <section className={wide ? 'card wide' : 'card'}>
      <header className="card-header"><h2>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}
