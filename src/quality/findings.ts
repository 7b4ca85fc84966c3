/**
 * A finding: something about an item a content team should look at, with the numbers behind it and
 * what to do, in Chinese and English. The diagnosis modules produce them; the report attaches each
 * to its item and, for lessons, to their course as well.
 *
 * @example
 *   finding('lesson-too-hard', 'course-7-lesson-7', 6.2, { lessonPosition: 7, finishRate: 0.61 }, { position: 7 });
 *   // { kind, itemId, severity: 'high', strength: 6.2, message: { zh: '第 7 讲…', en: 'Lesson 7 …' },
 *   //   action: { zh: '拆分第 7 讲…', en: 'Split lesson 7 …' }, evidence: { … } }
 */

export const findingKinds = [
  'lesson-too-hard', 'lesson-drop-off', 'lesson-unclear', 'ratings-falling', 'expert-learner-mismatch',
  'high-refunds', 'unanswered-questions', 'negative-reviews',
] as const;
export type FindingKind = (typeof findingKinds)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Finding {
  kind: FindingKind;
  /** The item the finding is about (a lesson's findings also appear on its course). */
  itemId: string;
  /** `high` when the evidence is overwhelming (strength ≥ 5), else `medium`. */
  severity: 'high' | 'medium';
  /** How strong the evidence is, in standard errors (t or z); findings sort by it. */
  strength: number;
  message: Bilingual;
  action: Bilingual;
  evidence: Record<string, number | string | boolean | null | string[]>;
}

/** What a message template may mention. */
export interface FindingFacts {
  position?: number;
  expert?: number;
  learners?: number;
  from?: number;
  to?: number;
  rate?: number;
  count?: number;
  direction?: 'experts-higher' | 'learners-higher';
}

const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)}%`;
const stars = (x: number | undefined) => (x ?? 0).toFixed(1);

const templates: Record<FindingKind, (f: FindingFacts) => { message: Bilingual; action: Bilingual }> = {
  'lesson-too-hard': (f) => ({
    message: { zh: `第 ${f.position} 讲学员频繁回看且中途离开：可能太难或讲得不清楚`, en: `Lesson ${f.position}: learners rewind often and leave midway — likely too hard or unclear` },
    action: { zh: `拆分第 ${f.position} 讲，并补充例题和分步讲解`, en: `Split lesson ${f.position} into shorter parts and add worked examples` },
  }),
  'lesson-drop-off': (f) => ({
    message: { zh: `第 ${f.position} 讲的流失明显高于本课程其他各讲`, en: `Lesson ${f.position} loses far more learners than the rest of the course` },
    action: { zh: `拆分第 ${f.position} 讲或缩短时长，检查开头是否抓人`, en: `Split lesson ${f.position} or shorten it; check that its opening holds attention` },
  }),
  'lesson-unclear': (f) => ({
    message: { zh: `第 ${f.position} 讲的回看次数远高于本课程其他各讲：有内容没讲清楚`, en: `Lesson ${f.position} is rewound far more than the rest of the course: something is not clear` },
    action: { zh: `为第 ${f.position} 讲补充例题，把难点讲慢一些`, en: `Add worked examples to lesson ${f.position} and slow down at the hard part` },
  }),
  'ratings-falling': (f) => ({
    message: { zh: `评分在下降：从 ${stars(f.from)} 星降到 ${stars(f.to)} 星`, en: `Ratings are falling: from ${stars(f.from)} to ${stars(f.to)} stars` },
    action: { zh: '查看近期差评，更新过时内容', en: 'Read the recent low ratings and refresh outdated content' },
  }),
  'expert-learner-mismatch': (f) => (f.direction === 'experts-higher'
    ? {
      message: { zh: `专家评分（${Math.round(f.expert ?? 0)}）远高于学员评价（${Math.round(f.learners ?? 0)}）`, en: `Experts rate it far higher (${Math.round(f.expert ?? 0)}) than learners do (${Math.round(f.learners ?? 0)})` },
      action: { zh: '内容扎实但学员不买账：改进讲解方式，核对价格与目标学员', en: 'Sound content that learners do not take to: improve the delivery, review the price and the intended audience' },
    }
    : {
      message: { zh: `学员评价（${Math.round(f.learners ?? 0)}）远高于专家评分（${Math.round(f.expert ?? 0)}）`, en: `Learners rate it far higher (${Math.round(f.learners ?? 0)}) than experts do (${Math.round(f.expert ?? 0)})` },
      action: { zh: '请专家复核内容的准确性和深度', en: 'Have experts review the content for accuracy and depth' },
    }),
  'high-refunds': (f) => ({
    message: { zh: `退款率 ${pct(f.rate)}，明显高于平台水平`, en: `Refund rate ${pct(f.rate)}, well above the platform` },
    action: { zh: '复核定价，并确认介绍与实际内容一致', en: 'Review the price and check that the description matches the content' },
  }),
  'unanswered-questions': (f) => ({
    message: { zh: `${f.count} 个学员提问超过 3 天无人回答`, en: `${f.count} learner questions unanswered for more than 3 days` },
    action: { zh: '安排讲师或助教答疑，把常见问题写进课程资料', en: 'Have the teacher or an assistant answer them; add the common ones to the course notes' },
  }),
  'negative-reviews': (f) => ({
    message: { zh: `${pct(f.rate)} 的评价是负面的（${f.count} 条）`, en: `${pct(f.rate)} of reviews are negative (${f.count})` },
    action: { zh: '阅读负面评价中反复出现的问题并逐一改进', en: 'Read what the negative reviews repeat and fix those points' },
  }),
};

export function finding(kind: FindingKind, itemId: string, strength: number, evidence: Finding['evidence'], facts: FindingFacts): Finding {
  const { message, action } = templates[kind](facts);
  const s = Math.round(strength * 10) / 10;
  return { kind, itemId, severity: Math.abs(s) >= 5 ? 'high' : 'medium', strength: s, message, action, evidence };
}

/** Findings in the order to act on them: strongest evidence first. */
export function byStrength(a: Finding, b: Finding): number {
  return Math.abs(b.strength) - Math.abs(a.strength) || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);
}
