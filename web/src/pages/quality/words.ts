/**
 * What the quality pages call things, in both languages: the score's components (with how their
 * observed value reads) and the kinds of findings. Shared by the list and the item page.
 *
 * @example
 *   const w = useT(qualityWords);
 *   w('c_rating');            // "Ratings" / "评分"
 *   observedText('refunds', 0.12, fmt); // "12%"
 */
import type { ComponentName } from '../../../../src/quality/quality-config';
import type { FindingKind } from '../../../../src/quality/findings';
import { defineMessages, type Format } from '../../i18n/i18n';

export const qualityWords = defineMessages({
  en: {
    c_rating: 'Ratings', c_sentiment: 'Review sentiment', c_completion: 'Completion', c_dropoff: 'Drop-off', c_rewatch: 'Rewinds',
    c_refunds: 'Refunds', c_questions: 'Unanswered questions', c_experts: 'Experts', c_surveys: 'Surveys', c_author: 'Author record',
    u_rating: 'average stars', u_sentiment: 'mean sentiment, −1…1', u_completion: 'finished ÷ started', u_dropoff: 'drops per watched hour',
    u_rewatch: 'rewinds per watched hour', u_refunds: 'refunds ÷ orders', u_questions: 'unanswered ÷ asked', u_experts: 'mean expert score, 0–100',
    u_surveys: 'mean answer, 0–1', u_author: 'author\'s other items vs the platform, stars',
    'k_lesson-too-hard': 'Lesson too hard', 'k_lesson-drop-off': 'Lesson drop-off', 'k_lesson-unclear': 'Lesson unclear',
    'k_ratings-falling': 'Ratings falling', 'k_expert-learner-mismatch': 'Experts and learners disagree', 'k_high-refunds': 'High refunds',
    'k_unanswered-questions': 'Unanswered questions', 'k_negative-reviews': 'Negative reviews', high: 'high', medium: 'medium',
    t_course: 'Course', t_lesson: 'Lesson', t_ebook: 'E-book', t_audio: 'Audio', t_column: 'Column', t_live: 'Live talk',
  },
  zh: {
    c_rating: '评分', c_sentiment: '评论情感', c_completion: '完课率', c_dropoff: '中途离开', c_rewatch: '回看',
    c_refunds: '退款', c_questions: '未答问题', c_experts: '专家评分', c_surveys: '问卷', c_author: '作者口碑',
    u_rating: '平均星级', u_sentiment: '平均情感，−1…1', u_completion: '学完 ÷ 开始', u_dropoff: '每观看小时离开次数',
    u_rewatch: '每观看小时回看次数', u_refunds: '退款 ÷ 订单', u_questions: '未答 ÷ 提问', u_experts: '专家平均分，0–100',
    u_surveys: '平均答案，0–1', u_author: '作者其他内容相对平台的星级差',
    'k_lesson-too-hard': '课时太难', 'k_lesson-drop-off': '课时流失', 'k_lesson-unclear': '讲解不清',
    'k_ratings-falling': '评分下滑', 'k_expert-learner-mismatch': '专家与学员评价不一', 'k_high-refunds': '退款率高',
    'k_unanswered-questions': '问题无人回答', 'k_negative-reviews': '差评集中', high: '高', medium: '中',
    t_course: '课程', t_lesson: '课时', t_ebook: '电子书', t_audio: '音频', t_column: '专栏', t_live: '直播',
  },
});

export type QualityWord = keyof typeof qualityWords.en;

export const componentWord = (name: string) => `c_${name}` as QualityWord;
export const unitWord = (name: string) => `u_${name}` as QualityWord;
export const typeWord = (type: string) => `t_${type}` as QualityWord;
export const kindWord = (kind: FindingKind | string) => `k_${kind}` as QualityWord;

/** A component's observed value in its own unit (shares as percentages). */
export function observedText(name: ComponentName | string, value: number | null, fmt: Format): string {
  if (value === null) return '—';
  if (name === 'completion' || name === 'refunds' || name === 'questions') return fmt.percent(value, 1);
  if (name === 'experts') return fmt.number(value, 0);
  return fmt.number(value, 2);
}

/** Tag class for a 0–100 component or item score: 50 is the platform's typical item. */
export function scoreTone(score: number): string {
  return score >= 65 ? 'tag good' : score < 35 ? 'tag bad' : score < 45 ? 'tag warn' : 'tag';
}
