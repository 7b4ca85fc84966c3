/**
 * The learner's profile: identify traits, the segment of each segmentation they fall in, top
 * interests, and every feature of the catalogue with its label and unit in the current language.
 */
import type { LearnerProfile, ProfileFeature } from '../../../../src/profiles/profile';
import { Empty } from '../../components/status';
import { defineMessages, useLocale, useT, type Format } from '../../i18n/i18n';

const messages = defineMessages({
  en: {
    traits: 'Traits', segments: 'Segments', noSegments: 'No segments computed yet.', segmentsHint: 'Compute them on the segments page or with',
    interests: 'Interests', categories: 'Categories', tags: 'Tags', none: 'none yet', features: 'Features',
    noFeatures: 'No features for this learner', noFeaturesHint: 'Robots get no features; otherwise the learner has no activity in the feature window.',
    days: 'days', perWeek: '/week', perDay: '/day', min: 'min', hour: ':00', stars: '★',
  },
  zh: {
    traits: '特征', segments: '分群', noSegments: '尚未计算分群。', segmentsHint: '可在分群页计算，或运行',
    interests: '兴趣', categories: '类目', tags: '标签', none: '暂无', features: '指标',
    noFeatures: '该学员没有指标', noFeaturesHint: '机器人不计算指标；否则该学员在指标窗口内没有活动。',
    days: '天', perWeek: '/周', perDay: '/天', min: '分钟', hour: ' 时', stars: '分',
  },
});

/** Traits shown first; the rest follow in their own order. */
const leadingTraits = ['email', 'city', 'plan', 'language'];

export function ProfileSection({ profile }: { profile: LearnerProfile }) {
  const t = useT(messages);
  const { locale, fmt } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const traits = Object.entries(profile.traits).filter(([k, v]) => k !== 'name' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .sort(([a], [b]) => rank(a) - rank(b));
  return (
    <div className="learner-profile">
      <div className="learner-facts">
        <h3>{t('traits')}</h3>
        <p>{traits.length ? traits.map(([k, v]) => <span key={k} className="tag" title={k}>{k}: {String(v)}</span>) : <span className="muted">{t('none')}</span>}</p>
        <h3>{t('segments')}</h3>
        {profile.segments.length ? (
          <ul className="plain" aria-label={t('segments')}>
            {profile.segments.map((s) => (
              <li key={`${s.method}:${s.id}`}><span className="tag good">{s.method}</span> <strong>{s.name[lang]}</strong> <span className="muted">— {s.description[lang]}</span></li>
            ))}
          </ul>
        ) : <p className="muted">{t('noSegments')} {t('segmentsHint')} <code>POST /v1/segments/compute</code></p>}
        <h3>{t('interests')}</h3>
        <p>
          <span className="muted">{t('categories')}: </span>
          {profile.interests.categories.length ? profile.interests.categories.map((c) => <span key={c.name} className="tag">{c.name} {fmt.percent(c.share, 0)}</span>) : t('none')}
        </p>
        <p>
          <span className="muted">{t('tags')}: </span>
          {profile.interests.tags.length ? profile.interests.tags.map((c) => <span key={c.name} className="tag">{c.name} {fmt.percent(c.share, 0)}</span>) : t('none')}
        </p>
      </div>
      <div>
        <h3>{t('features')}</h3>
        {profile.features.length === 0 ? <Empty title={t('noFeatures')} hint={t('noFeaturesHint')} /> : (
          <dl className="feature-grid" aria-label={t('features')}>
            {profile.features.map((f) => (
              <div key={f.name} data-feature={f.name}>
                <dt title={f.name}>{f.label[lang]}</dt>
                <dd>{featureValue(f, fmt, t)}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}

function rank(trait: string): number {
  const i = leadingTraits.indexOf(trait);
  return i < 0 ? leadingTraits.length : i;
}

function featureValue(f: ProfileFeature, fmt: Format, t: (k: 'days' | 'perWeek' | 'perDay' | 'min' | 'hour' | 'stars') => string): string {
  if (f.value === null || f.value === '') return '—';
  if (typeof f.value === 'string') return f.value;
  const v = f.value;
  switch (f.unit) {
    case 'share': return fmt.percent(v, 0);
    case 'currency': return fmt.money(v);
    case 'days': return `${fmt.number(v, 1)} ${t('days')}`;
    case 'days/week': return `${fmt.number(v, 1)} ${t('days')}${t('perWeek')}`;
    case 'min/week': return `${fmt.number(v, 0)} ${t('min')}${t('perWeek')}`;
    case 'min/day': return `${fmt.number(v, 0)} ${t('min')}${t('perDay')}`;
    case 'min/week per week': return `${v > 0 ? '+' : ''}${fmt.number(v, 1)} ${t('min')}${t('perWeek')}`;
    case 'hour 0–23': return `${fmt.number(v)}${t('hour')}`;
    case '1–5': return `${fmt.number(v, 1)} ${t('stars')}`;
    default: return fmt.number(v, 2);
  }
}
