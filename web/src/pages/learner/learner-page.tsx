/**
 * One learner (`/learners/:id`): who they are (profile: features, segments, interests), what they
 * did (timeline), whether they are slipping away and why (churn risk), and what Learnloop
 * recommends them and why (the recommendation inspector, with a model to compare in the URL).
 * The profile is computed as of the project's last event, so imported history reads as it was.
 */
import type { Learner } from '../../../../src/ingest/users.store';
import type { LearnerProfile } from '../../../../src/profiles/profile';
import { useApi } from '../../api';
import { Page, Section } from '../../components/page';
import { ErrorNote, Loaded, Loading } from '../../components/status';
import type { Span } from '../../components/date-range';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import { InspectorSection } from './inspector-section';
import { ProfileSection } from './profile-section';
import { RiskSection } from './risk-section';
import { TimelineSection } from './timeline-section';

const messages = defineMessages({
  en: {
    back: '← All learners', subtitle: 'Learner {id} · first seen {first} · last seen {last}', robot: 'Robot: left out of models and metrics ({reason})',
    profile: 'Profile', asOf: 'as of {date}', notFound: 'No learner “{id}”', notFoundHint: 'Search for the learner on the learners page.',
  },
  zh: {
    back: '← 全部学员', subtitle: '学员 {id} · 首次出现 {first} · 最近活跃 {last}', robot: '机器人：不计入模型与指标（{reason}）',
    profile: '画像', asOf: '截至 {date}', notFound: '没有学员“{id}”', notFoundHint: '请在学员页搜索该学员。',
  },
});

export function LearnerPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const t = useT(messages);
  const { fmt } = useLocale();
  const learner = useApi<Learner>(`/v1/users/${encodeURIComponent(id)}`);
  const span = useApi<Span>('/v1/metrics/span');
  const asOf = span.data?.lastEventAt ?? undefined;
  const profile = useApi<LearnerProfile>(span.data ? `/v1/users/${encodeURIComponent(id)}/profile` : null, { asOf, timeline: 0 });

  if (learner.error?.status === 404) {
    return (
      <Page title={t('notFound', { id })}>
        <div className="status empty" data-empty="true"><strong>{t('notFound', { id })}</strong><p>{t('notFoundHint')} <a href="/learners">{t('back')}</a></p></div>
      </Page>
    );
  }
  if (learner.error) return <Page title={id}><ErrorNote error={learner.error} retry={learner.reload} /></Page>;
  if (!learner.data) return <Page title={id}><Loading /></Page>;
  const l = learner.data;
  const name = typeof l.traits.name === 'string' && l.traits.name ? l.traits.name : l.id;
  return (
    <Page title={name} subtitle={<>
      {t('subtitle', { id: l.id, first: fmt.dateTime(l.firstSeen), last: fmt.dateTime(l.lastSeen) })}
      {l.isRobot && <span className="tag warn">{t('robot', { reason: l.robotReason ?? '' })}</span>}
    </>} actions={<a href="/learners">{t('back')}</a>}>
      <div className="grid">
        <Section wide title={<>{t('profile')} {asOf && <span className="muted">· {t('asOf', { date: fmt.dateTime(asOf) })}</span>}</>}>
          <Loaded state={profile}>{(p) => <ProfileSection profile={p} />}</Loaded>
        </Section>
        <RiskSection userId={l.id} />
        <TimelineSection userId={l.id} />
        <InspectorSection userId={l.id} />
      </div>
    </Page>
  );
}
