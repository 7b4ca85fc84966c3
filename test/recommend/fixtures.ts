/**
 * Tiny synthetic data for recommender tests: a checkerboard of two learner groups × two item
 * groups, where each learner interacts with about two thirds of their own group's items. A model
 * that learns anything recommends own-group items first. The last user has no interactions and the
 * last item is never interacted with (cold), so every model meets both cases.
 *
 * @example
 *   const board = checkerboard();
 *   board.data.nUsers; // 17 (8 + 8 + the empty learner)
 *   board.userGroup[0]; // 0
 */
import { interactionsFromTriples, type Interactions, type Triple } from '../../src/recommend/interactions.js';

export interface Checkerboard {
  data: Interactions;
  /** Group (0 or 1) of each user; -1 for the empty user. */
  userGroup: Int8Array;
  /** Group (0 or 1) of each item; -1 for the cold item. */
  itemGroup: Int8Array;
  emptyUser: number;
  coldItem: number;
}

export interface CheckerboardOptions {
  usersPerGroup?: number;
  itemsPerGroup?: number;
  /** Also give every learner one low rating (1) on an item of the other group (for rating models). */
  crossRatings?: boolean;
}

const dayMs = 86_400_000;

export function checkerboard(options: CheckerboardOptions = {}): Checkerboard {
  const g = options.usersPerGroup ?? 8;
  const h = options.itemsPerGroup ?? 6;
  const userIds = [...Array.from({ length: 2 * g }, (_, u) => `u${u}`), 'empty'];
  const itemIds = [...Array.from({ length: 2 * h }, (_, i) => `i${i}`), 'cold'];
  const triples: Triple[] = [];
  let clock = Date.UTC(2024, 0, 1);
  for (let u = 0; u < 2 * g; u++) {
    const group = u < g ? 0 : 1;
    for (let j = 0; j < h; j++) {
      if ((u + j) % 3 === 0) continue;
      const item = group * h + j;
      triples.push({ user: userIds[u]!, item: itemIds[item]!, value: 4 + ((u + j) % 2), time: (clock += dayMs) });
    }
    if (options.crossRatings) {
      const other = (1 - group) * h + (u % h);
      triples.push({ user: userIds[u]!, item: itemIds[other]!, value: 1, time: (clock += dayMs) });
    }
  }
  const data = interactionsFromTriples(triples, { userIds, itemIds });
  const userGroup = Int8Array.from(userIds, (_, u) => (u >= 2 * g ? -1 : u < g ? 0 : 1));
  const itemGroup = Int8Array.from(itemIds, (_, i) => (i >= 2 * h ? -1 : i < h ? 0 : 1));
  return { data, userGroup, itemGroup, emptyUser: 2 * g, coldItem: 2 * h };
}

/** A mask of length n with 1 at the given positions. */
export function maskOf(n: number, positions: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const p of positions) mask[p] = 1;
  return mask;
}
