/**
 * Why a learner is at risk, in words a retention team reads (zh and en): the features that push
 * the learner's churn log-odds up the most, each with its real value. Contributions come from the
 * model (`ChurnModel.score`): coefficient × standardised deviation from the training mean for the
 * logistic model, Saabas path contributions for trees; the design columns of one feature (its
 * one-hot levels, its missing indicator) are summed into that feature.
 *
 * @example
 *   const reasons = learnerReasons(spec, scoring.contributions, inputs, i, catalog);
 *   // [{ feature: 'recencyDays', value: 9.3, contribution: 1.42,
 *   //    text: { zh: '已 9 天未学习，停在《理财入门》第 4 课', en: '9 days since last study; stopped at lesson 4 of “理财入门”' } }, …]
 */
import { featureSpec, type FeatureName } from '../profiles/feature-catalogue.js';
import type { ChurnFeature, ChurnInputs, DesignSpec } from './design.js';
import type { RecentFeatureName } from './recent-activity.js';

export interface ChurnReason {
  feature: string;
  value: number | string | null;
  /** Added log-odds of churn (positive: raises the risk). */
  contribution: number;
  text: { zh: string; en: string };
}

/** What reasons need of the catalog: course titles and where a lesson sits in its course. */
export interface ReasonCatalog {
  courseTitle(courseId: string): string | undefined;
  lessonPosition(lessonId: string): number | undefined;
  lessonCount(courseId: string): number;
}

export const defaultReasonCount = 3;

const recentLabels: Record<RecentFeatureName, { zh: string; en: string }> = {
  activeDays7: { zh: '近 7 天活跃天数', en: 'Active days in the last 7' },
  minutesLastWeek: { zh: '上周学习分钟数', en: 'Learning minutes last week' },
  minutesWeekChange: { zh: '上周学习时长变化', en: 'Change of learning minutes last week' },
  weeksDeclining: { zh: '学习时长连续下降周数', en: 'Weeks of falling learning time' },
  streakBreaks28: { zh: '近 28 天学习中断次数', en: 'Study breaks in the last 28 days' },
};

export function featureLabel(feature: ChurnFeature): { zh: string; en: string } {
  return feature in recentLabels ? recentLabels[feature as RecentFeatureName] : featureSpec(feature as FeatureName).label;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
const zhNumber = ['零', '一', '两', '三', '四'];

/** Where the learner stopped, when their last lesson is in an unfinished course. */
export function stoppedAt(inputs: ChurnInputs, i: number, catalog: ReasonCatalog): { zh: string; en: string } | null {
  const last = inputs.lastLesson[i];
  if (!last) return null;
  const title = catalog.courseTitle(last.courseId);
  if (title === undefined) return null;
  const position = last.lessonId === null ? undefined : catalog.lessonPosition(last.lessonId);
  const count = catalog.lessonCount(last.courseId);
  if (position !== undefined && last.completed && count > 0 && position >= count) return null;
  if (position === undefined) return { zh: `停在《${title}》`, en: `stopped in “${title}”` };
  return { zh: `停在《${title}》第 ${position} 课`, en: `stopped at lesson ${position} of “${title}”` };
}

/** The sentence for one feature and its value (numbers in the feature's own unit). */
export function reasonText(feature: ChurnFeature, inputs: ChurnInputs, i: number, catalog: ReasonCatalog): { zh: string; en: string } {
  const v = feature === 'device' || feature === 'preferredTopic' ? inputs.categorical[feature][i] ?? null : inputs.numeric[feature][i]!;
  const num = typeof v === 'number' && !Number.isNaN(v) ? v : null;
  switch (feature) {
    case 'recencyDays': {
      const d = Math.floor(num ?? 0);
      const base = d >= 1 ? { zh: `已 ${d} 天未学习`, en: `${d} ${plural(d, 'day', 'days')} since last study` } : { zh: '今天之前刚学习过', en: 'studied within the last day' };
      const stop = stoppedAt(inputs, i, catalog);
      return stop ? { zh: `${base.zh}，${stop.zh}`, en: `${base.en}; ${stop.en}` } : base;
    }
    case 'activeDays28': return { zh: `近 28 天只活跃了 ${num} 天`, en: `active on only ${num} of the last 28 days` };
    case 'activeDays7': return { zh: `近 7 天活跃 ${num} 天`, en: `active on ${num} of the last 7 days` };
    case 'weeksDeclining': {
      const w = num ?? 0;
      if (w >= 2) return { zh: `学习时长连续${zhNumber[w]}周下降`, en: `learning time fell ${w === 2 ? 'two' : 'three'} weeks running` };
      if (w === 1) return { zh: '上周学习时长下降', en: 'learning time fell last week' };
      return { zh: '学习时长没有增长', en: 'learning time is not growing' };
    }
    case 'learningTrend':
      return (num ?? 0) < 0
        ? { zh: `学习时长每周减少 ${r1(-num!)} 分钟`, en: `learning time falling by ${r1(-num!)} min a week` }
        : { zh: `学习时长几乎没有增长（每周 +${r1(num ?? 0)} 分钟）`, en: `learning time barely growing (+${r1(num ?? 0)} min a week)` };
    case 'minutesLastWeek': return { zh: `上周只学习了 ${r1(num ?? 0)} 分钟`, en: `studied only ${r1(num ?? 0)} min last week` };
    case 'minutesWeekChange':
      return (num ?? 0) < 0
        ? { zh: `上周学习比前一周少 ${r1(-num!)} 分钟`, en: `${r1(-num!)} min less study last week than the week before` }
        : { zh: `上周学习时长没有增加（+${r1(num ?? 0)} 分钟）`, en: `no more study last week than before (+${r1(num ?? 0)} min)` };
    case 'learningMinutesPerWeek': return { zh: `每周只学习 ${r1(num ?? 0)} 分钟`, en: `only ${r1(num ?? 0)} min of study a week` };
    case 'boughtNeverStartedShare': {
      const bought = inputs.numeric.coursesBought[i]!;
      if (num === null || !(bought > 0)) return { zh: '没有购买课程', en: 'has not bought a course' };
      const never = Math.round(num * bought);
      if (never === bought) {
        return bought === 1 ? { zh: '买了 1 门课，还没开始学', en: 'bought a course and never started it' }
          : { zh: `买了 ${bought} 门课，一门都没开始`, en: `bought ${bought} courses, started none` };
      }
      return { zh: `买了 ${bought} 门课，${never} 门未开始`, en: `bought ${bought} courses, ${never} never started` };
    }
    case 'coursesBought':
      return num ? { zh: `只购买了 ${num} 门课`, en: `bought only ${num} ${plural(num, 'course', 'courses')}` } : { zh: '还没有购买课程', en: 'has not bought a course' };
    case 'coursesStarted':
      return num ? { zh: `只开始学习了 ${num} 门课`, en: `started only ${num} ${plural(num, 'course', 'courses')}` } : { zh: '还没有开始学习任何课程', en: 'has not started any course' };
    case 'coursesFinished':
      return num ? { zh: `只学完了 ${num} 门课`, en: `finished only ${num} ${plural(num, 'course', 'courses')}` } : { zh: '还没有学完一门课', en: 'has not finished a course' };
    case 'completionRate':
      return num === null ? { zh: '还没有开始任何课时', en: 'has not started a lesson' } : { zh: `完课率只有 ${pct(num)}`, en: `completes only ${pct(num)} of the lessons started` };
    case 'lessonsCompleted': return { zh: `只完成了 ${num} 个课时`, en: `completed only ${num} ${plural(num ?? 0, 'lesson', 'lessons')}` };
    case 'quizzesFailed': return { zh: `测验 ${num} 次未通过`, en: `failed ${num} ${plural(num ?? 0, 'quiz', 'quizzes')}` };
    case 'questionsUnanswered': return { zh: `${num} 个提问没有得到回答`, en: `${num} ${plural(num ?? 0, 'question', 'questions')} still unanswered` };
    case 'refunds': return { zh: `退款 ${num} 次`, en: `${num} ${plural(num ?? 0, 'refund', 'refunds')}` };
    case 'currentStreakDays':
      return num ? { zh: `当前连续学习 ${num} 天`, en: `current study streak of ${num} ${plural(num, 'day', 'days')}` } : { zh: '学习连续记录已中断', en: 'study streak is broken' };
    case 'streakBreaks28': return { zh: `近 28 天学习中断 ${num} 次`, en: `broke off studying ${num} ${plural(num ?? 0, 'time', 'times')} in 28 days` };
    case 'daysSinceLastPurchase':
      return num === null ? { zh: '从未购买', en: 'never bought anything' } : { zh: `距上次购买已 ${Math.floor(num)} 天`, en: `${Math.floor(num)} days since the last purchase` };
    case 'daysSinceFirstSeen': return { zh: `注册 ${Math.floor(num ?? 0)} 天`, en: `joined ${Math.floor(num ?? 0)} days ago` };
    case 'activeSpanDays':
      return { zh: `从第一次到最近一次活跃只有 ${num} 天`, en: `active over a span of only ${num} ${plural(num ?? 0, 'day', 'days')}` };
    case 'activeDaysPerWeek': return { zh: `每周只活跃 ${r1(num ?? 0)} 天`, en: `active on only ${r1(num ?? 0)} days a week` };
    case 'activeDaysPerActiveWeek': return { zh: `活跃期每周只学习 ${r1(num ?? 0)} 天`, en: `studied on only ${r1(num ?? 0)} days a week while active` };
    case 'minutesPerActiveDay': return { zh: `活跃日只学习 ${r1(num ?? 0)} 分钟`, en: `only ${r1(num ?? 0)} min of study per active day` };
    case 'longestStreakDays': return { zh: `最长只连续学习过 ${num} 天`, en: `longest study streak only ${num} ${plural(num ?? 0, 'day', 'days')}` };
    case 'spend': return { zh: `累计消费 ¥${r1(num ?? 0)}`, en: `spent ¥${r1(num ?? 0)} so far` };
    case 'orders': return num ? { zh: `只下过 ${num} 单`, en: `only ${num} ${plural(num, 'order', 'orders')}` } : { zh: '从未下单', en: 'never ordered' };
    case 'preferredTopic':
      return v === null ? { zh: '还没有明确的兴趣主题', en: 'no clear topic of interest yet' } : { zh: `偏好「${v}」主题的学员流失更多`, en: `learners who prefer “${v}” leave more often` };
    case 'device':
      return v === null ? { zh: '使用设备未知', en: 'device unknown' } : { zh: `常用设备 ${v} 的学员流失更多`, en: `learners on ${v} leave more often` };
    case 'meanRating': return num === null ? { zh: '没有给过评分', en: 'has rated nothing' } : { zh: `平均评分 ${r1(num)}`, en: `average rating ${r1(num)}` };
    default: {
      const label = featureLabel(feature);
      const shown = typeof v === 'string' ? v : num === null ? '—' : String(r1(num));
      return { zh: `${label.zh}：${shown}`, en: `${label.en}: ${shown}` };
    }
  }
}

/** The top risk-raising features of row `i` (contributions n × p, row-major). */
export function learnerReasons(
  spec: DesignSpec, contributions: Float64Array, inputs: ChurnInputs, i: number, catalog: ReasonCatalog, limit = defaultReasonCount,
): ChurnReason[] {
  const p = spec.columns.length;
  const byFeature = new Map<ChurnFeature, number>();
  spec.columns.forEach((c, j) => byFeature.set(c.group, (byFeature.get(c.group) ?? 0) + contributions[i * p + j]!));
  return [...byFeature].filter(([, c]) => c > 1e-6).sort((a, b) => b[1] - a[1]).slice(0, limit).map(([feature, c]) => {
    const raw = feature === 'device' || feature === 'preferredTopic' ? inputs.categorical[feature][i] ?? null : inputs.numeric[feature][i]!;
    const value = typeof raw === 'number' ? (Number.isNaN(raw) ? null : Math.round(raw * 100) / 100) : raw;
    return { feature, value, contribution: Math.round(c * 1000) / 1000, text: reasonText(feature, inputs, i, catalog) };
  });
}
