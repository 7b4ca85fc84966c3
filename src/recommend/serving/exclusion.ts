/**
 * What a recommendation must never contain, as an item mask (non-zero = never return) without
 * building one per request: the part every learner shares (lessons, hidden items, other
 * categories) is built once per generation and category, and a learner's own exclusions (bought,
 * finished, refunded, dismissed …, a few items) are marked on it only while their answer is
 * ranked, then unmarked. Ranking is synchronous, so no other request sees the marks.
 *
 * @example
 *   const drops = learnerExclusions(g, state, ['purchased', 'completed'], history);
 *   const n = withExclusions(baseMask(g, 'finance'), drops, (mask) => ranker.rank(history, 10, mask, items, scores));
 */
import type { SparseHistory } from '../recommender.js';
import type { Generation } from './generation.js';
import type { LearnerState } from './learner-state.js';

export type Excludable = 'purchased' | 'completed' | 'seen';

/** Per generation, the base mask of each category ('' = any) asked for so far. */
const baseMasks = new WeakMap<Generation, Map<string, Uint8Array>>();
const maxCachedMasks = 256;
/** The bit a learner's own exclusions set, so that unmarking leaves the shared bits alone. */
const learnerBit = 2;

/**
 * The shared exclusion mask of a generation and category — items that are not recommendable
 * (lessons, hidden) and, with a category, items of other categories. Built once (it reads the
 * catalog entry of every item) and shared: callers must not write to it except through
 * `withExclusions`.
 */
export function baseMask(g: Generation, category: string | undefined): Uint8Array {
  let cache = baseMasks.get(g);
  if (!cache) baseMasks.set(g, (cache = new Map()));
  const key = category ?? '';
  let mask = cache.get(key);
  if (!mask) {
    const { itemIds, nItems } = g.data.interactions;
    mask = new Uint8Array(nItems);
    for (let i = 0; i < nItems; i++) {
      if (g.recommendable[i] === 0) mask[i] = 1;
      else if (category !== undefined && g.data.view.items.get(itemIds[i]!)?.category !== category) mask[i] = 1;
    }
    if (cache.size >= maxCachedMasks) cache.clear();
    cache.set(key, mask);
  }
  return mask;
}

/**
 * The item indices this learner must not get back: what they dismissed or had refunded, always;
 * with `purchased` what they bought or study (a course they study through a membership is theirs
 * too), with `completed` what they finished, with `seen` their whole history.
 */
export function learnerExclusions(g: Generation, state: LearnerState, exclude: readonly Excludable[], history: SparseHistory): Int32Array {
  const { itemIndex } = g.data.interactions;
  const out: number[] = [];
  const drop = (ids: Iterable<string>) => { for (const id of ids) { const i = itemIndex.get(id); if (i !== undefined) out.push(i); } };
  drop(state.dismissed);
  drop(state.refunded);
  if (exclude.includes('purchased')) {
    drop(state.purchased);
    for (const lesson of state.touchedLessons.keys()) {
      const course = g.data.view.courseOfLesson.get(lesson);
      if (course) drop([course]);
    }
  }
  if (exclude.includes('completed')) drop(state.finished);
  if (exclude.includes('seen')) out.push(...history.items);
  return Int32Array.from(out);
}

/** Runs `rank` with the learner's `drops` marked on the shared `base` mask, and unmarks them after. */
export function withExclusions<T>(base: Uint8Array, drops: Int32Array, rank: (mask: Uint8Array) => T): T {
  for (let j = 0; j < drops.length; j++) base[drops[j]!]! |= learnerBit;
  try {
    return rank(base);
  } finally {
    for (let j = 0; j < drops.length; j++) base[drops[j]!]! &= ~learnerBit;
  }
}
