/** The funnels page's strings, in both languages. */
import { defineMessages } from '../i18n/i18n';

export const funnelMessages = defineMessages({
  en: {
    title: 'Funnels', subtitle: 'How many learners go from one step to the next, from {from} to {to} ({tz}).',
    steps: 'Steps', step: 'Step {n}', addStep: 'Add a step', remove: 'Remove step {n}', up: 'Move step {n} up', down: 'Move step {n} down',
    reset: 'Default funnel', window: 'Conversion window', windowHint: 'Each later step must happen within this time of the first.',
    w1h: '1 hour', w24h: '1 day', w7d: '7 days', w14d: '14 days', w30d: '30 days',
    notInRange: 'not in this range', loadingEvents: 'Loading event names…',
    chart: 'Funnel', chartLabel: 'Funnel: {steps}', learners: 'Learners', droppedLegend: 'Dropped since the previous step',
    table: 'Conversion by step', tableLabel: 'Funnel steps with conversion and time between steps',
    event: 'Event', users: 'Learners', conversion: 'Of entrants', stepConversion: 'Of previous step', dropped: 'Dropped',
    fromPrevious: 'Median time from previous', fromStart: 'Median time from first',
    overall: 'Overall conversion', entrants: 'Entered the funnel', median: 'Median time to convert',
    noEntrants: 'Nobody did "{event}" in this range',
    noEntrantsHint: 'Choose a longer date range or another first step. The first step is where learners enter the funnel.',
    noEvents: 'No events yet', noEventsHint: 'Send events with the tracking API or a Segment SDK, or load the demo platform:',
    s: '{n} s', min: '{n} min', h: '{n} h', d: '{n} d',
  },
  zh: {
    title: '漏斗', subtitle: '{from} 至 {to}（{tz}）学员从一步走到下一步的情况。',
    steps: '步骤', step: '第 {n} 步', addStep: '添加步骤', remove: '删除第 {n} 步', up: '第 {n} 步上移', down: '第 {n} 步下移',
    reset: '默认漏斗', window: '转化窗口', windowHint: '后续每一步都须在第一步之后的这段时间内发生。',
    w1h: '1 小时', w24h: '1 天', w7d: '7 天', w14d: '14 天', w30d: '30 天',
    notInRange: '此范围内没有', loadingEvents: '正在加载事件名…',
    chart: '漏斗', chartLabel: '漏斗：{steps}', learners: '学员', droppedLegend: '自上一步流失',
    table: '各步转化', tableLabel: '漏斗各步的转化与步骤间时间',
    event: '事件', users: '学员数', conversion: '占进入人数', stepConversion: '占上一步', dropped: '流失',
    fromPrevious: '距上一步（中位数）', fromStart: '距第一步（中位数）',
    overall: '整体转化率', entrants: '进入漏斗', median: '转化用时中位数',
    noEntrants: '这段时间没有人触发“{event}”',
    noEntrantsHint: '请选择更长的日期范围或换一个第一步。学员在第一步进入漏斗。',
    noEvents: '还没有事件', noEventsHint: '用埋点 API 或 Segment SDK 发送事件，或加载演示平台：',
    s: '{n} 秒', min: '{n} 分钟', h: '{n} 小时', d: '{n} 天',
  },
});
