/**
 * A k-means segment described in words, in Chinese and English, from how its members differ from
 * everyone: the mean z-score of each feature over the segment's members, and the share of members
 * whose preferred topic is the most common one. A persona (who they are, by how they come), the
 * topic when one dominates, then the strongest traits:
 * "weekend bingers of finance courses, high spend, low completion" /
 * "周末集中学习的理财课程学员，消费高，完课率低".
 *
 * @example
 *   describeSegment({ weekendShare: 1.4, spend: 0.9, completionRate: -0.7 }, 3, { topic: 'finance', share: 0.6 });
 *   // { name: { en: 'Weekend bingers · finance', zh: '周末集中学习的学员 · 理财' }, description: { en: 'weekend bingers of finance courses, high spend, low completion', zh: … } }
 */
import type { FeatureName } from './feature-catalogue.js';

export interface Words {
  name: { zh: string; en: string };
  description: { zh: string; en: string };
}

/** Mean z-score of each feature over the segment's members (features absent count as 0). */
export type SegmentProfile = Partial<Record<FeatureName, number>>;

interface Persona {
  en: string;
  zhAdjective: string;
}

/** A trait is said when its mean z-score is at least this far from 0. */
const traitZ = 0.5;
/** A topic is named when at least this share of the members prefer it. */
const topicShare = 0.35;
const maxTraits = 3;
/** Members who on average have not come for three weeks are lapsed, whatever everyone else does. */
const lapsedAfterDays = 21;

/** Common catalog categories in Chinese; other categories are shown as they are. */
const topicZh: Readonly<Record<string, string>> = Object.freeze({
  programming: '编程', ai: '人工智能', finance: '理财', languages: '语言', health: '健康', career: '职场', history: '历史',
  psychology: '心理学', parenting: '亲子', art: '艺术设计', business: '商业', exams: '考试', design: '设计', music: '音乐',
});

/** Persona rules, first match wins: how often and when learners come, and whether they still do. */
function personaOf(z: SegmentProfile, recencyDays: number): Persona {
  const v = (f: FeatureName) => z[f] ?? 0;
  if (v('daysSinceFirstSeen') <= -0.8 && v('recencyDays') < 0.5) return { en: 'newcomers', zhAdjective: '新来的' };
  if (v('activeSpanDays') <= -0.8) return { en: 'one-time visitors', zhAdjective: '只来过一两次的' };
  if ((recencyDays >= lapsedAfterDays || v('recencyDays') >= 0.8) && v('activeDays28') <= -0.3) return { en: 'lapsed learners', zhAdjective: '已沉睡的' };
  if (v('weekendShare') >= 0.6) return { en: 'weekend bingers', zhAdjective: '周末集中学习的' };
  if (v('activeDaysPerActiveWeek') >= 0.8 || v('activeDays28') >= 0.8) return { en: 'daily learners', zhAdjective: '天天来学习的' };
  if (v('activeSpanDays') >= 0.5) return { en: 'steady weekly learners', zhAdjective: '每周稳定来学的' };
  if (v('activeDaysPerActiveWeek') <= -0.5) return { en: 'occasional visitors', zhAdjective: '偶尔来访的' };
  return { en: 'regular learners', zhAdjective: '常规' };
}

/** Traits by feature: what a high and a low mean z-score are called. */
const traits: readonly { feature: FeatureName; high: [string, string]; low: [string, string] | null }[] = [
  { feature: 'spend', high: ['high spend', '消费高'], low: ['low spend', '消费低'] },
  { feature: 'completionRate', high: ['high completion', '完课率高'], low: ['low completion', '完课率低'] },
  { feature: 'learningMinutesPerWeek', high: ['long weekly study', '每周学习时间长'], low: ['little study time', '学习时间少'] },
  { feature: 'minutesPerActiveDay', high: ['long sessions', '每次学得久'], low: ['short visits', '每次来得短'] },
  { feature: 'coursesBought', high: ['buy many courses', '买课多'], low: null },
  { feature: 'boughtNeverStartedShare', high: ['leave bought courses unopened', '买了不学'], low: null },
  { feature: 'questionsAsked', high: ['ask many questions', '爱提问'], low: null },
  { feature: 'ratingsGiven', high: ['rate what they learn', '爱评分'], low: null },
  { feature: 'refunds', high: ['refund often', '常退款'], low: null },
  { feature: 'quizzesFailed', high: ['struggle with quizzes', '测验常不及格'], low: null },
  { feature: 'learningTrend', high: ['learning more each week', '学习时长在上升'], low: ['learning less each week', '学习时长在下降'] },
];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `z`: members' mean z-scores; `recencyDays`: members' mean days since last activity. */
export function describeSegment(z: SegmentProfile, recencyDays: number, topic: { topic: string; share: number } | null): Words {
  const persona = personaOf(z, recencyDays);
  const named = topic !== null && topic.share >= topicShare ? topic.topic : null;
  const said = traits
    .map((t) => ({ t, z: z[t.feature] ?? 0 }))
    .filter(({ t, z: v }) => (v >= traitZ) || (v <= -traitZ && t.low !== null))
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, maxTraits)
    .map(({ t, z: v }) => (v > 0 ? t.high : t.low!));
  const topicZhName = named === null ? null : (topicZh[named] ?? named);
  const en = [named === null ? persona.en : `${persona.en} of ${named} courses`, ...said.map((s) => s[0])].join(', ');
  const zhHead = `${persona.zhAdjective}${topicZhName === null ? '' : `${topicZhName}课程`}学员`;
  const zh = [zhHead, ...said.map((s) => s[1])].join('，');
  return {
    name: {
      en: named === null ? capitalise(persona.en) : `${capitalise(persona.en)} · ${named}`,
      zh: `${persona.zhAdjective}学员${topicZhName === null ? '' : ` · ${topicZhName}`}`,
    },
    description: { en, zh },
  };
}

/** Makes names unique within a run by numbering repeats: "Daily learners", "Daily learners (2)". */
export function uniqueNames(words: Words[]): Words[] {
  const seen = new Map<string, number>();
  return words.map((w) => {
    const k = (seen.get(w.name.en) ?? 0) + 1;
    seen.set(w.name.en, k);
    return k === 1 ? w : { ...w, name: { en: `${w.name.en} (${k})`, zh: `${w.name.zh}（${k}）` } };
  });
}
