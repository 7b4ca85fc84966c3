/**
 * The learner feature catalogue: every column `learnerFeatures` produces, with its labels in
 * Chinese and English, its unit and its exact definition (docs/PROFILES.md repeats them). Models
 * (churn, segments, experiment covariates) pick columns by these names.
 *
 * @example
 *   featureSpec('recencyDays').label.zh; // '距上次活跃天数'
 *   numericFeatures.map((f) => f.name);
 */
export interface FeatureSpec {
  readonly name: FeatureName;
  readonly label: { readonly zh: string; readonly en: string };
  readonly unit: string;
  /** `number`: the value itself; `category`: an index into the table's `levels[name]` (NaN: none). */
  readonly kind: 'number' | 'category';
  readonly description: string;
}

export const featureNames = [
  'recencyDays', 'activeDays28', 'spend', 'orders', 'learningMinutesPerWeek', 'learningTrend', 'completionRate',
  'lessonsCompleted', 'coursesBought', 'coursesStarted', 'coursesFinished', 'boughtNeverStartedShare', 'refunds',
  'ratingsGiven', 'meanRating', 'quizzesFailed', 'questionsAsked', 'questionsUnanswered', 'answersPosted',
  'currentStreakDays', 'longestStreakDays', 'activeDaysPerWeek', 'activeSpanDays', 'activeDaysPerActiveWeek', 'weekendShare',
  'minutesPerActiveDay',
  'daysSinceFirstSeen', 'daysSinceLastPurchase', 'preferredHour', 'preferredTopic', 'device',
] as const;
export type FeatureName = (typeof featureNames)[number];

/** Categorical features: their values index `FeatureTable.levels[name]`. */
export const categoricalFeatures = ['preferredTopic', 'device'] as const;
export type CategoricalFeature = (typeof categoricalFeatures)[number];

const f = (name: FeatureName, zh: string, en: string, unit: string, description: string, kind: 'number' | 'category' = 'number'): FeatureSpec =>
  Object.freeze({ name, label: Object.freeze({ zh, en }), unit, kind, description });

export const featureCatalogue: readonly FeatureSpec[] = Object.freeze([
  f('recencyDays', '距上次活跃天数', 'Days since last activity', 'days',
    'Days from the last active event (track/page/screen, passive events excluded) to asOf; when none falls in the window, the days observed (window or tenure, the shorter).'),
  f('activeDays28', '近 28 天活跃天数', 'Active days in the last 28', 'days',
    'Distinct local days with an active event among the 28 local days ending on the day of asOf.'),
  f('spend', '消费金额', 'Spend', 'currency',
    'Order Completed revenue minus Order Refunded amounts in the window.'),
  f('orders', '订单数', 'Orders', 'count', 'Order Completed events in the window.'),
  f('learningMinutesPerWeek', '周学习分钟数', 'Learning minutes per week', 'min/week',
    'Lesson Progress watched_s in the 28 days before asOf, each heartbeat capped at 600 s, in minutes, divided by 4.'),
  f('learningTrend', '学习时长周趋势', 'Weekly learning trend', 'min/week per week',
    'Least-squares slope of learning minutes over the last four 7-day weeks before asOf (oldest to newest): positive means rising.'),
  f('completionRate', '完课率', 'Completion rate', 'share',
    'Distinct lessons completed ÷ distinct lessons with a Lesson Started or Lesson Completed event in the window; NaN when none.'),
  f('lessonsCompleted', '完成课时数', 'Lessons completed', 'count', 'Distinct lessons with a Lesson Completed event in the window.'),
  f('coursesBought', '购买课程数', 'Courses bought', 'count',
    'Distinct catalog courses in Order Completed products in the window, less those refunded before asOf.'),
  f('coursesStarted', '开始学习课程数', 'Courses started', 'count',
    'Distinct courses with any lesson event (started, progress, completed) in the window, free previews included.'),
  f('coursesFinished', '学完课程数', 'Courses finished', 'count',
    'Distinct courses whose every catalog lesson has a Lesson Completed event in the window.'),
  f('boughtNeverStartedShare', '买了未学占比', 'Bought, never started', 'share',
    'Share of bought courses with no lesson event in the window; NaN when no course was bought.'),
  f('refunds', '退款次数', 'Refunds', 'count', 'Order Refunded events in the window.'),
  f('ratingsGiven', '评分次数', 'Ratings given', 'count', 'Item Rated events in the window.'),
  f('meanRating', '平均评分', 'Mean rating', '1–5', 'Mean rating of Item Rated events in the window; NaN when none.'),
  f('quizzesFailed', '测验未通过次数', 'Quizzes failed', 'count',
    'Quiz Submitted events with passed = false (score < 60 when passed is absent) in the window.'),
  f('questionsAsked', '提问数', 'Questions asked', 'count', 'Question Asked events in the window.'),
  f('questionsUnanswered', '未获回答的提问', 'Questions unanswered', 'count',
    'Questions asked in the window whose question_id has no Answer Posted (by anyone) before asOf.'),
  f('answersPosted', '回答数', 'Answers posted', 'count', 'Answer Posted events in the window.'),
  f('currentStreakDays', '当前连续学习天数', 'Current streak', 'days',
    'Consecutive active local days ending on the day of asOf or the day before (today is not over yet); 0 otherwise.'),
  f('longestStreakDays', '最长连续学习天数', 'Longest streak', 'days', 'Longest run of consecutive active local days in the window.'),
  f('activeDaysPerWeek', '每周活跃天数', 'Active days per week', 'days/week',
    'Active local days in the window ÷ weeks observed (the window or the tenure, the shorter, at least one week).'),
  f('activeSpanDays', '活跃跨度天数', 'Active span', 'days',
    'Local days from the first to the last active day in the window, both included; 0 when no active day.'),
  f('activeDaysPerActiveWeek', '活跃期每周学习天数', 'Active days per week while active', 'days/week',
    'Active local days in the window ÷ weeks of the active span (at least one week): the rhythm while the learner was around, apart from whether they left.'),
  f('weekendShare', '周末活跃占比', 'Weekend share', 'share',
    'Share of active local days in the window that are Saturdays or Sundays; NaN when no active day.'),
  f('minutesPerActiveDay', '活跃日学习分钟数', 'Learning minutes per active day', 'min/day',
    'Capped Lesson Progress minutes in the window ÷ active days in the window; 0 when no active day.'),
  f('daysSinceFirstSeen', '注册天数', 'Days since first seen', 'days', 'Days from the learner\'s first event to asOf.'),
  f('daysSinceLastPurchase', '距上次购买天数', 'Days since last purchase', 'days',
    'Days from the last Order Completed in the window to asOf; NaN when none.'),
  f('preferredHour', '偏好学习时段', 'Preferred hour', 'hour 0–23',
    'Local hour of day with the most active events in the window; NaN when none.'),
  f('preferredTopic', '偏好主题', 'Preferred topic', 'category',
    'Catalog category with the highest interest strength (purchases 10, bookmarks 3, ratings ≥ 4 3, completed lessons 2, views 1, 0.1 per learning minute).', 'category'),
  f('device', '常用设备', 'Device', 'category',
    'Most frequent context.device.type of the learner\'s page/screen views and Signed In events in the window.', 'category'),
]);

const byName = new Map(featureCatalogue.map((s) => [s.name, s]));

export function featureSpec(name: FeatureName): FeatureSpec {
  return byName.get(name)!;
}

export const numericFeatures: readonly FeatureSpec[] = featureCatalogue.filter((s) => s.kind === 'number');
