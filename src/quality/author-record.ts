/**
 * The author's track record: how learners rated the author's *other* items, shown as a component
 * of an item's report. Its default weight is 0: the author's record already shapes every
 * component through the author-informed priors (`author-priors.ts`), and weighing it here again
 * would count the same ratings twice; a platform may still weigh it (`--weights author=0.1`).
 * For item i by author a, the evidence is every rating of a's other items (any type), each as its
 * deviation from the platform mean of its own item type, so an author of well-rated e-books gets
 * credit on their course. Authors are shrunk toward 0 (no record) by the
 * same empirical-Bayes rule as the other components: when authors on a platform do not really
 * differ, the estimated spread is small and the component stays near 0 for everyone.
 * The item's own ratings never count here (leave-one-out), so they are not counted twice.
 *
 * @example
 *   const col = authorRecord(catalog, feedback, ratingColumn);
 *   col.z[i];          // + = the author's other work is rated above the platform
 *   col.evidence[i];   // ratings of the author's other items
 */
import type { CatalogIndex } from './catalog-index.js';
import type { ComponentColumn } from './components.js';
import type { FeedbackSignals } from './feedback-signals.js';
import { estimatePrior } from './statistics.js';

export function authorRecord(catalog: CatalogIndex, feedback: FeedbackSignals, rating: ComponentColumn, fallbackStrength: number): ComponentColumn {
  const n = catalog.ids.length;
  const col: ComponentColumn = {
    name: 'author', direction: 1, activeTypes: new Set(), priors: new Map(),
    observed: new Float64Array(n).fill(NaN), adjusted: new Float64Array(n).fill(NaN), evidence: new Float64Array(n),
    z: new Float64Array(n), confidence: new Float64Array(n),
  };
  // Each item's ratings as deviations from its type's platform mean.
  const count = feedback.ratingCount;
  const dev = new Float64Array(n);
  const devSq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mu = rating.priors.get(catalog.type[i]!)?.mean;
    if (mu === undefined || count[i] === 0) continue;
    dev[i] = feedback.ratingSum[i]! - count[i]! * mu;
    devSq[i] = feedback.ratingSumSq[i]! - 2 * mu * feedback.ratingSum[i]! + count[i]! * mu * mu;
  }
  const authorOf = new Map<string, number>();
  const itemAuthor = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const a = catalog.author[i];
    if (!a) continue;
    let k = authorOf.get(a);
    if (k === undefined) authorOf.set(a, (k = authorOf.size));
    itemAuthor[i] = k;
  }
  const authors = authorOf.size;
  const aCount = new Float64Array(authors), aDev = new Float64Array(authors), aDevSq = new Float64Array(authors);
  for (let i = 0; i < n; i++) {
    const k = itemAuthor[i]!;
    if (k < 0) continue;
    aCount[k]! += count[i]!; aDev[k]! += dev[i]!; aDevSq[k]! += devSq[i]!;
  }
  if (!aCount.some((c) => c > 0)) return col;
  const prior = estimatePrior(aCount, aDev, aDevSq, { fallbackStrength });
  for (let i = 0; i < n; i++) {
    const k = itemAuthor[i]!;
    if (k < 0) continue;
    const c = aCount[k]! - count[i]!;
    const s = aDev[k]! - dev[i]!;
    col.activeTypes.add(catalog.type[i]!);
    col.evidence[i] = c;
    col.observed[i] = c > 0 ? s / c : NaN;
    const adjusted = (s + prior.strength * prior.mean) / (c + prior.strength);
    col.adjusted[i] = adjusted;
    col.z[i] = prior.between > 0 ? (adjusted - prior.mean) / prior.between : 0;
    col.confidence[i] = c > 0 ? c / (c + prior.strength) : 0;
  }
  for (const type of col.activeTypes) col.priors.set(type, prior);
  return col;
}
