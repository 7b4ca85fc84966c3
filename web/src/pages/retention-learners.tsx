/**
 * The learners behind one cell of the retention heat map (`/v1/metrics/retention/users`), each a
 * link to their learner page (ids only, so a compact grid of links rather than a table). The cell is in the URL (`cohortPeriod`, `offset`), so it can be shared.
 */
import { useState } from 'react';
import type { RetentionAnswer, RetentionUsersAnswer } from '../../../src/analytics/metrics.service';
import { useApi } from '../api';
import { Section } from '../components/page';
import { Empty, Loaded } from '../components/status';
import { useLocale, useT } from '../i18n/i18n';
import { retentionMessages, type Period } from './retention-messages';

const pageSize = 100;

/** What the heat map was asked for; the cell's learners are asked for with the same. */
export interface RetentionQuery {
  from: string; to: string; tz: string;
  period: Period; cohort: 'first_seen' | 'first_purchase'; criterion: 'on' | 'on_or_after';
}

export function CohortLearners({ query, cell, answer, onClose }: {
  query: RetentionQuery;
  cell: { cohortPeriod: string; offset: number };
  answer: RetentionAnswer;
  onClose: () => void;
}) {
  const t = useT(retentionMessages);
  const { fmt } = useLocale();
  const [limit, setLimit] = useState(pageSize);
  const users = useApi<RetentionUsersAnswer>('/v1/metrics/retention/users', { ...query, ...cell, limit });
  const offset = t(`${answer.period as Period}N`, { n: cell.offset });
  const title = t('learners', { cohort: fmt.date(cell.cohortPeriod, 'long'), offset });
  return (
    <Section wide title={title} actions={<button type="button" className="secondary" onClick={onClose}>{t('close')}</button>}>
      <Loaded state={users}>{(u) => u.total === 0 ? <Empty title={t('noLearners')} hint={t('noLearnersHint')} /> : (
        <>
          <p className="muted">{t('learnersTotal', { shown: fmt.number(u.users.length), total: fmt.number(u.total) })}</p>
          <ul className="learner-grid" aria-label={t('learnersLabel')}>
            {u.users.map((id) => <li key={id}><a href={`/learners/${encodeURIComponent(id)}`}>{id}</a></li>)}
          </ul>
          {u.users.length < u.total && limit < 1000 && (
            <p><button type="button" className="secondary" onClick={() => setLimit(Math.min(1000, limit * 5))}>{t('more')}</button></p>
          )}
        </>
      )}</Loaded>
    </Section>
  );
}
