/**
 * The segments' scatter: a sample of learners on the two principal axes of the features the
 * segmentation used (the server's projection), one colour per segment. The axis titles name the
 * features that weigh most on each axis, so "right" and "up" mean something.
 */
import { useMemo } from 'react';
import type { FeatureSpec } from '../../../../src/profiles/feature-catalogue';
import { Chart } from '../../components/chart';
import { Empty } from '../../components/status';
import { defineMessages, useLocale, useT } from '../../i18n/i18n';
import type { Segmentation } from './shared';

const messages = defineMessages({
  en: { axis: '{a} ({share} of variance)', learner: 'Learner', segment: 'Segment', none: 'Too few learners for a projection', noneHint: 'The scatter needs at least two learners with features; send more events and recompute.' },
  zh: { axis: '{a}（方差占比 {share}）', learner: '学员', segment: '分群', none: '学员太少，无法投影', noneHint: '散点图至少需要两名有特征的学员；发送更多事件后重新计算。' },
});

export function ProjectionChart({ run, label, colorOf, specOf }: {
  run: Segmentation; label: string; colorOf: Map<number, string>; specOf: Map<string, FeatureSpec>;
}) {
  const t = useT(messages);
  const { fmt, locale } = useLocale();
  const lang = locale === 'en' ? 'en' : 'zh';
  const p = run.projection;
  const option = useMemo(() => {
    if (!p || p.points.length === 0) return null;
    const axisName = (key: 'x' | 'y', i: number) => {
      const top = [...p.axes].sort((a, b) => Math.abs(b[key]) - Math.abs(a[key])).slice(0, 2)
        .map((a) => `${a[key] < 0 ? '−' : '+'}${specOf.get(a.feature)?.label[lang] ?? a.feature}`).join(' ');
      return t('axis', { a: top, share: fmt.percent(p.explained[i] ?? 0, 0) });
    };
    return {
      legend: { top: 0, type: 'scroll' },
      grid: { left: 40, right: 16, top: 40, bottom: 40 },
      tooltip: { trigger: 'item', formatter: (q: { data: [number, number, string] ; seriesName: string }) => `${q.data[2]}<br/>${q.seriesName}` },
      xAxis: { type: 'value', name: axisName('x', 0), nameLocation: 'middle', nameGap: 24, splitLine: { show: false } },
      yAxis: { type: 'value', name: axisName('y', 1), nameLocation: 'middle', nameGap: 28, splitLine: { show: false } },
      series: run.segments.map((s) => ({
        name: s.name[lang], type: 'scatter', symbolSize: 5, itemStyle: { color: colorOf.get(s.id), opacity: 0.7 },
        data: p.points.filter((pt) => pt.segment === s.id).map((pt) => [pt.x, pt.y, pt.userId]),
      })),
    };
  }, [p, run, lang, colorOf, specOf, fmt, t]);
  if (!p || !option) return <Empty title={t('none')} hint={t('noneHint')} />;
  const nameOf = new Map(run.segments.map((s) => [s.id, s.name[lang]]));
  return <Chart label={label} option={option} height={360} table={{
    columns: [t('learner'), 'x', 'y', t('segment')],
    rows: p.points.map((pt) => [pt.userId, pt.x, pt.y, nameOf.get(pt.segment) ?? String(pt.segment)]),
  }} />;
}
