/**
 * Findings about whole items (courses, e-books, audio, columns, live talks — not single lessons):
 *
 * - ratings falling: the least-squares slope of rating on time is clearly negative (t ≤ −trendT)
 *   and the fitted line drops by at least `trendMinDrop` stars from the first rating to the last;
 * - experts vs learners: the experts' mean (0–100) and the learners' Bayesian-averaged stars on
 *   the same scale ((stars − 1) × 25) are `mismatchPoints` or more apart;
 * - refunds: a refund rate at or above `refundRate` and clearly above the rest of the platform;
 * - unanswered questions: at least `unansweredMin` questions (the course's and its lessons')
 *   without an answer after 3 days, and at least `unansweredShare` of those asked;
 * - negative reviews: at least `negativeMin` negative reviews making up `negativeShare` of them,
 *   with the most negative quoted as evidence.
 *
 * @example
 *   const findings = diagnoseItems(catalog, feedback, table, defaultDiagnosis);
 */
import type { CatalogIndex } from './catalog-index.js';
import type { ComponentTable } from './components.js';
import type { FeedbackSignals } from './feedback-signals.js';
import { finding, type Finding } from './findings.js';
import type { DiagnosisConfig } from './quality-config.js';
import { proportionZ, slopeT } from './statistics.js';

const dayMs = 86_400_000;
/** How far an expert's score may be off, in points, when weighing a mismatch against learner noise. */
const expertUncertaintyPoints = 10;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export function diagnoseItems(catalog: CatalogIndex, feedback: FeedbackSignals, table: ComponentTable, c: DiagnosisConfig): Finding[] {
  const out: Finding[] = [];
  const ratingTimes = ratingsByItem(feedback);
  const totals = typeTotals(catalog, feedback);
  for (let i = 0; i < catalog.ids.length; i++) {
    if (catalog.type[i] === 'lesson') continue;
    const id = catalog.ids[i]!;
    const trend = ratingTrend(id, ratingTimes.get(i), feedback, c);
    if (trend) out.push(trend);
    const mismatch = expertMismatch(id, i, feedback, table, c);
    if (mismatch) out.push(mismatch);
    const t = totals.get(catalog.type[i]!)!;
    const orders = feedback.orders[i]!, refunds = Math.min(feedback.refunds[i]!, orders);
    if (orders >= c.refundMinOrders && refunds / orders >= c.refundRate) {
      const z = proportionZ(refunds, orders, t.refunds - refunds, t.orders - orders);
      if (z >= c.refundZ) {
        out.push(finding('high-refunds', id, z, { orders, refunds, refundRate: round(refunds / orders, 3), platformRefundRate: round(t.refunds / t.orders, 3) }, { rate: refunds / orders }));
      }
    }
    const asked = feedback.questions[i]!, open = feedback.unanswered[i]!;
    if (open >= c.unansweredMin && open / asked >= c.unansweredShare) {
      const z = proportionZ(open, asked, t.unanswered - open, t.questions - asked);
      out.push(finding('unanswered-questions', id, z, { questions: asked, unanswered: open, platformUnansweredShare: round(t.unanswered / Math.max(1, t.questions), 3) }, { count: open }));
    }
    const reviews = feedback.reviewCount[i]!, negative = feedback.negativeReviews[i]!;
    if (negative >= c.negativeMin && negative / reviews >= c.negativeShare) {
      const z = proportionZ(negative, reviews, t.negative - negative, t.reviews - reviews);
      out.push(finding('negative-reviews', id, z, {
        reviews, negative, negativeShare: round(negative / reviews, 3), platformNegativeShare: round(t.negative / Math.max(1, t.reviews), 3),
        examples: (feedback.worstReviews.get(i) ?? []).map((r) => r.text),
      }, { count: negative, rate: negative / reviews }));
    }
  }
  return out;
}

function ratingsByItem(feedback: FeedbackSignals): Map<number, number[]> {
  const by = new Map<number, number[]>();
  const { item } = feedback.ratings;
  for (let k = 0; k < item.length; k++) {
    let list = by.get(item[k]!);
    if (!list) by.set(item[k]!, (list = []));
    list.push(k);
  }
  return by;
}

function ratingTrend(id: string, rows: number[] | undefined, feedback: FeedbackSignals, c: DiagnosisConfig): Finding | null {
  if (!rows || rows.length < c.trendMinRatings) return null;
  const x = rows.map((k) => feedback.ratings.timeMs[k]! / dayMs);
  const y = rows.map((k) => feedback.ratings.value[k]!);
  const { slope, t } = slopeT(x, y);
  if (t > -c.trendT) return null;
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  const from = my + slope * (x[0]! - mx);
  const to = my + slope * (x[x.length - 1]! - mx);
  if (from - to < c.trendMinDrop) return null;
  return finding('ratings-falling', id, -t, {
    ratings: rows.length, starsPerMonth: round(slope * 30), fittedFrom: round(from), fittedTo: round(to),
    firstRatedAt: new Date(x[0]! * dayMs).toISOString(), lastRatedAt: new Date(x[x.length - 1]! * dayMs).toISOString(),
  }, { from, to });
}

function expertMismatch(id: string, i: number, feedback: FeedbackSignals, table: ComponentTable, c: DiagnosisConfig): Finding | null {
  const experts = feedback.expertCount[i]!, ratings = feedback.ratingCount[i]!;
  if (experts === 0 || ratings < c.mismatchMinRatings) return null;
  const expert = feedback.expertSum[i]! / experts;
  const learners = (table.columns.rating.adjusted[i]! - 1) * 25;
  const gap = expert - learners;
  if (Math.abs(gap) < c.mismatchPoints) return null;
  const mean = feedback.ratingSum[i]! / ratings;
  const sd = Math.sqrt(Math.max(0, feedback.ratingSumSq[i]! / ratings - mean * mean));
  const learnerSe = (25 * sd) / Math.sqrt(ratings);
  const strength = Math.abs(gap) / Math.sqrt(learnerSe * learnerSe + expertUncertaintyPoints ** 2);
  return finding('expert-learner-mismatch', id, strength, {
    experts, expertScore: round(expert, 1), ratings, learnerScore: round(learners, 1), learnerStars: round(table.columns.rating.adjusted[i]!),
  }, { expert, learners, direction: gap > 0 ? 'experts-higher' : 'learners-higher' });
}

interface TypeTotals { orders: number; refunds: number; questions: number; unanswered: number; reviews: number; negative: number }

function typeTotals(catalog: CatalogIndex, f: FeedbackSignals): Map<string, TypeTotals> {
  const out = new Map<string, TypeTotals>();
  for (let i = 0; i < catalog.ids.length; i++) {
    const t = out.get(catalog.type[i]!) ?? { orders: 0, refunds: 0, questions: 0, unanswered: 0, reviews: 0, negative: 0 };
    t.orders += f.orders[i]!; t.refunds += Math.min(f.refunds[i]!, f.orders[i]!);
    // Lessons' questions are already in their course's totals.
    if (catalog.type[i] !== 'lesson') { t.questions += f.questions[i]!; t.unanswered += f.unanswered[i]!; }
    t.reviews += f.reviewCount[i]!; t.negative += f.negativeReviews[i]!;
    out.set(catalog.type[i]!, t);
  }
  return out;
}
