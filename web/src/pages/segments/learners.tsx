/**
 * A segment's learners, a page at a time (`GET /v1/segments/:method/:id/learners`), each linking
 * to the learner's page.
 */
import { useState } from 'react';
import { useApi } from '../../api';
import { Loaded } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import type { SegmentInfo } from './shared';

interface LearnersPage { method: string; segmentId: number; runId: number; learners: string[]; next: string | null }

const pageSize = 60;

const messages = defineMessages({
  en: { showing: '{from}–{to} of {total} learners, by id', next: 'Next {n}', first: 'First page', list: 'Learners of the segment' },
  zh: { showing: '按 id 排序，第 {from}–{to} 名，共 {total} 名学员', next: '下 {n} 名', first: '第一页', list: '分群学员' },
});

export function SegmentLearners({ method, segment }: { method: string; segment: SegmentInfo }) {
  const t = useT(messages);
  const { fmt } = useLocale();
  const [after, setAfter] = useState<string[]>([]);
  const cursor = after[after.length - 1];
  const page = useApi<LearnersPage>(`/v1/segments/${method}/${segment.id}/learners`, { limit: pageSize, after: cursor });
  return (
    <Loaded state={page}>{(p) => (
      <>
        <p className="muted">{t('showing', { from: fmt.number(after.length * pageSize + 1), to: fmt.number(after.length * pageSize + p.learners.length), total: fmt.number(segment.size) })}</p>
        <ul className="segment-learners" aria-label={t('list')}>
          {p.learners.map((id) => <li key={id}><a href={`/learners/${encodeURIComponent(id)}`}>{id}</a></li>)}
        </ul>
        <div className="row">
          {after.length > 0 && <button type="button" className="secondary" onClick={() => setAfter([])}>{t('first')}</button>}
          {p.next && <button type="button" className="secondary" onClick={() => setAfter([...after, p.next!])}>{t('next', { n: pageSize })}</button>}
        </div>
      </>
    )}</Loaded>
  );
}
