/**
 * How quality lists are ordered, shared by the API and the CLI report.
 *
 * @example
 *   sortItems(items, 'findings');   // the most urgent first
 */
import type { ItemQuality } from './report.js';

export const qualitySorts = ['-score', 'score', '-confidence', 'confidence', 'findings', 'itemId'] as const;
export type QualitySort = (typeof qualitySorts)[number];

/** Orders items for the list: best first by default; `score` puts the weakest first, `findings` the most urgent. */
export function sortItems(items: ItemQuality[], sort: QualitySort): ItemQuality[] {
  const strongest = (it: ItemQuality) => (it.findings.length ? Math.abs(it.findings[0]!.strength) : 0);
  const byId = (a: ItemQuality, b: ItemQuality) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0);
  const compare: Record<QualitySort, (a: ItemQuality, b: ItemQuality) => number> = {
    '-score': (a, b) => b.score - a.score || byId(a, b),
    score: (a, b) => a.score - b.score || byId(a, b),
    '-confidence': (a, b) => b.confidence - a.confidence || byId(a, b),
    confidence: (a, b) => a.confidence - b.confidence || byId(a, b),
    findings: (a, b) => strongest(b) - strongest(a) || b.findings.length - a.findings.length || a.score - b.score || byId(a, b),
    itemId: byId,
  };
  return [...items].sort(compare[sort]);
}

