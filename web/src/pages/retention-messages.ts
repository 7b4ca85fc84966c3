/** The retention page's strings, in both languages. */
import { defineMessages } from '../i18n/i18n';

export type Period = 'day' | 'week' | 'month';

export const retentionMessages = defineMessages({
  en: {
    title: 'Retention', subtitle: 'Cohorts and lifecycle of the learners from {from} to {to} ({tz}).',
    period: 'Period', day: 'Day', week: 'Week', month: 'Month', dayN: 'Day {n}', weekN: 'Week {n}', monthN: 'Month {n}',
    cohortBy: 'Cohort by', firstSeen: 'First visit', firstPurchase: 'First purchase',
    criterion: 'Counted as back', on: 'In that period', onOrAfter: 'In it or later',
    onHint: 'Active in exactly that period after the cohort\'s', onOrAfterHint: 'Active in that period or any later one (unbounded)',
    heatmap: 'Cohort retention', heatmapLabel: 'Cohort retention by {period}, cohorts by {cohort}',
    clickHint: 'Each row is a cohort (its start and size); each cell the share back in that period. Click a cell to see its learners.',
    cellTooltip: '{cohort} cohort, {offset}: {n} of {size} ({share})',
    cohort: 'Cohort', size: 'Learners',
    noCohorts: 'No cohort starts in this range',
    noCohortsHint: 'Nobody was active for the first time in these dates: choose a longer range, or send events with the tracking API.',
    noBuyersHint: 'Nobody made a first paid purchase in these dates: choose a longer range, or cohort by first visit.',
    lifecycle: 'Lifecycle: who is active, who went dormant', lifecycleLabel: 'Lifecycle of active learners by {period}',
    new: 'New', returning: 'Returning', resurrecting: 'Resurrecting', dormant: 'Dormant', periodColumn: 'Period',
    noActivity: 'No activity in this range',
    noData: 'No events yet', noDataHint: 'Send events with the tracking API or a Segment SDK, or load the demo platform:',
    learners: 'Learners of the {cohort} cohort, {offset}', learnersLabel: 'Learners behind the chosen cell',
    learnersTotal: '{shown} of {total} learners', close: 'Close', more: 'Show more',
    noLearners: 'Nobody in this cell', noLearnersHint: 'No member of this cohort came back in that period. Click another cell.',
  },
  zh: {
    title: '留存', subtitle: '{from} 至 {to}（{tz}）学员的同期群与生命周期。',
    period: '周期', day: '日', week: '周', month: '月', dayN: '第 {n} 天', weekN: '第 {n} 周', monthN: '第 {n} 月',
    cohortBy: '同期群依据', firstSeen: '首次访问', firstPurchase: '首次购买',
    criterion: '回访口径', on: '当期回访', onOrAfter: '当期或之后',
    onHint: '恰好在同期群之后的该周期内活跃', onOrAfterHint: '在该周期或之后任一周期活跃（无界留存）',
    heatmap: '同期群留存', heatmapLabel: '按{period}的同期群留存，同期群依据：{cohort}',
    clickHint: '每行是一个同期群（起始日期与人数），每格是该周期回访的比例。点击格子查看其中的学员。',
    cellTooltip: '{cohort} 同期群，{offset}：{size} 人中 {n} 人（{share}）',
    cohort: '同期群', size: '学员数',
    noCohorts: '这段时间没有新的同期群',
    noCohortsHint: '这些日期内没有首次活跃的学员：请选择更长的时间范围，或用埋点 API 发送事件。',
    noBuyersHint: '这些日期内没有首次付费购买：请选择更长的时间范围，或按首次访问分组。',
    lifecycle: '生命周期：谁在活跃，谁沉睡了', lifecycleLabel: '按{period}的活跃学员生命周期',
    new: '新学员', returning: '持续活跃', resurrecting: '回流', dormant: '沉睡', periodColumn: '周期',
    noActivity: '这段时间没有活跃',
    noData: '还没有事件', noDataHint: '用埋点 API 或 Segment SDK 发送事件，或加载演示平台：',
    learners: '{cohort} 同期群 · {offset} 的学员', learnersLabel: '所选格子中的学员',
    learnersTotal: '共 {total} 人，显示 {shown} 人', close: '关闭', more: '显示更多',
    noLearners: '这个格子没有学员', noLearnersHint: '该同期群在这个周期没有人回访。请点击其他格子。',
  },
});
