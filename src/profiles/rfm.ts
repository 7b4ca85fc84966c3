/**
 * Classic RFM segments, read off quintile scores. R = days since last activity (fewer is better),
 * F = active days in the last 28, M = spend in the window. Each gets a score 1–5 against the
 * population's quintile cut points; the segment follows from R and FM = (F + M) / 2 by the rules
 * below, checked in order (docs/PROFILES.md):
 *
 * | segment     | rule                                        |
 * | ----------- | ------------------------------------------- |
 * | champions   | R ≥ 4 and FM ≥ 4                            |
 * | new         | first seen within the last 14 days          |
 * | loyal       | R ≥ 3 and FM ≥ 3                            |
 * | potential   | R ≥ 3                                       |
 * | at_risk     | R ≤ 2 and FM ≥ 3                            |
 * | hibernating | R = 2                                       |
 * | lost        | R = 1                                       |
 *
 * @example
 *   const cuts = rfmCuts(recency, frequency, spend);
 *   const s = rfmScores(cuts, 2.5, 9, 199);      // { r: 4, f: 5, m: 4 }
 *   rfmSegments[rfmSegmentOf(s, 40)]!.key;        // 'champions'
 */
export interface RfmCuts {
  /** Four ascending cut points per measure: the 20th, 40th, 60th and 80th percentile values. */
  recency: number[];
  frequency: number[];
  monetary: number[];
}

export interface RfmScores {
  r: number;
  f: number;
  m: number;
}

export interface RfmSegmentSpec {
  /** Stable id: the same rule always has the same id. */
  id: number;
  key: string;
  name: { zh: string; en: string };
  rule: string;
  description: { zh: string; en: string };
}

export const newLearnerDays = 14;

const spec = (id: number, key: string, zh: string, en: string, rule: string, dzh: string, den: string): RfmSegmentSpec =>
  Object.freeze({ id, key, name: Object.freeze({ zh, en }), rule, description: Object.freeze({ zh: dzh, en: den }) });

export const rfmSegments: readonly RfmSegmentSpec[] = Object.freeze([
  spec(1, 'champions', '冠军学员', 'Champions', 'R ≥ 4 and FM ≥ 4',
    '最近常来、学得多、花得多的核心学员', 'came recently, learn often and spend the most'),
  spec(2, 'new', '新学员', 'New', `first seen within the last ${newLearnerDays} days`,
    '刚来不久、还在熟悉平台的学员', 'just arrived, still finding their way around'),
  spec(3, 'loyal', '忠实学员', 'Loyal', 'R ≥ 3 and FM ≥ 3',
    '经常学习、持续消费的学员', 'learn and spend steadily'),
  spec(4, 'potential', '潜力学员', 'Potential', 'R ≥ 3',
    '最近来过但学得少、花得少，值得培养', 'came recently but learn and spend little: worth nurturing'),
  spec(5, 'at_risk', '流失风险学员', 'At risk', 'R ≤ 2 and FM ≥ 3',
    '曾经活跃且有消费，但已有一段时间没来', 'used to learn and spend, but have not come for a while'),
  spec(6, 'hibernating', '休眠学员', 'Hibernating', 'R = 2',
    '很久没来，且学得少、花得少', 'have not come for long and did little'),
  spec(7, 'lost', '已流失学员', 'Lost', 'R = 1',
    '最久没来的一批学员', 'the longest absent'),
]);

function cutsOf(values: Float64Array): number[] {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return [0, 0, 0, 0];
  return [1, 2, 3, 4].map((q) => sorted[Math.max(0, Math.ceil((q * sorted.length) / 5) - 1)]!);
}

export function rfmCuts(recency: Float64Array, frequency: Float64Array, monetary: Float64Array): RfmCuts {
  return { recency: cutsOf(recency), frequency: cutsOf(frequency), monetary: cutsOf(monetary) };
}

/** How many cut points `v` lies above: 0–4. */
function above(cuts: readonly number[], v: number): number {
  let k = 0;
  for (const c of cuts) if (v > c) k++;
  return k;
}

export function rfmScores(cuts: RfmCuts, recency: number, frequency: number, monetary: number): RfmScores {
  return { r: 5 - above(cuts.recency, recency), f: 1 + above(cuts.frequency, frequency), m: 1 + above(cuts.monetary, monetary) };
}

/** Index into `rfmSegments` for the scores and the learner's days since first seen. */
export function rfmSegmentOf(s: RfmScores, daysSinceFirstSeen: number): number {
  const fm = (s.f + s.m) / 2;
  if (s.r >= 4 && fm >= 4) return 0;
  if (daysSinceFirstSeen <= newLearnerDays) return 1;
  if (s.r >= 3 && fm >= 3) return 2;
  if (s.r >= 3) return 3;
  if (fm >= 3) return 4;
  if (s.r === 2) return 5;
  return 6;
}
