/**
 * The slow, obvious twin of `pairwiseEpoch` (`bpr-sgd.ts`) that tests compare it with: factors as
 * arrays of arrays, seen items as sets, the same order of random draws. Never used in production.
 *
 * @example
 *   pairwiseEpochReference(pairs, seenSets, { x, y, bias }, settings, rng);
 */
import type { PairwiseSettings, PositivePairs } from './bpr-sgd.js';
import type { Random } from './linalg-random.js';

export interface ReferenceFactors {
  x: number[][];
  y: number[][];
  bias: number[];
}

const negativeRedraws = 20;

function score(m: ReferenceFactors, u: number, i: number): number {
  return m.bias[i]! + m.x[u]!.reduce((s, xu, q) => s + xu * m.y[i]![q]!, 0);
}

export function pairwiseEpochReference(
  pairs: PositivePairs, seen: Set<number>[], m: ReferenceFactors, settings: PairwiseSettings, rng: Random,
): void {
  const nItems = m.bias.length;
  const { learningRate: lr, regularization: reg } = settings;
  // Shuffle the pairs as the kernel does: a Fisher–Yates pass moving users and items together.
  const order = pairs.users.map((_, k) => k);
  for (let a = order.length - 1; a > 0; a--) {
    const b = rng.int(a + 1);
    [order[a], order[b]] = [order[b]!, order[a]!];
  }
  const users = Int32Array.from(order, (k) => pairs.users[k]!);
  const items = Int32Array.from(order, (k) => pairs.items[k]!);
  pairs.users.set(users);
  pairs.items.set(items);
  for (let p = 0; p < users.length; p++) {
    const u = users[p]!;
    const i = items[p]!;
    if (seen[u]!.size >= nItems) continue;
    let j = -1;
    for (let t = 0; t < negativeRedraws && j < 0; t++) {
      const c = settings.negatives === 'popularity' ? pairs.items[rng.int(pairs.items.length)]! : rng.int(nItems);
      if (!seen[u]!.has(c)) j = c;
    }
    if (j < 0) continue;
    const weight = 1 / (1 + Math.exp(score(m, u, i) - score(m, u, j)));
    const xu = [...m.x[u]!];
    const yi = [...m.y[i]!];
    const yj = [...m.y[j]!];
    for (let q = 0; q < xu.length; q++) {
      m.x[u]![q] = xu[q]! + lr * (weight * (yi[q]! - yj[q]!) - reg * xu[q]!);
      m.y[i]![q] = yi[q]! + lr * (weight * xu[q]! - reg * yi[q]!);
      m.y[j]![q] = yj[q]! + lr * (-weight * xu[q]! - reg * yj[q]!);
    }
    m.bias[i] = m.bias[i]! + lr * (weight - reg * m.bias[i]!);
    m.bias[j] = m.bias[j]! + lr * (-weight - reg * m.bias[j]!);
  }
}
