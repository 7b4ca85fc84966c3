/**
 * Recency weights of history: each interaction's value times 2^(−age / halfLife), where age is
 * the number of the same user's interactions strictly later in time (0 for the latest; ties share
 * an age, and rows without times all have age 0). Counting interactions rather than days makes
 * the weight independent of how often a learner comes back.
 *
 * @example
 *   const w = recencyWeights(data, 20); // parallel to data.values
 */
import type { Interactions } from '../interactions.js';

export function recencyWeights(data: Interactions, halfLife: number): Float32Array {
  const out = data.values.slice();
  if (!(halfLife > 0)) return out;
  const { indptr, times } = data;
  const order: number[] = [];
  const decay = Math.LN2 / halfLife;
  for (let u = 0; u < data.nUsers; u++) {
    const start = indptr[u]!;
    const end = indptr[u + 1]!;
    order.length = 0;
    for (let p = start; p < end; p++) order.push(p);
    order.sort((a, b) => times[b]! - times[a]!);
    let age = 0;
    for (let r = 0; r < order.length; r++) {
      if (r > 0 && times[order[r]!]! < times[order[r - 1]!]!) age = r;
      out[order[r]!]! *= Math.exp(-age * decay);
    }
  }
  return out;
}

/** The definition, pair by pair (O(n²) per user), to test `recencyWeights` against. */
export function recencyWeightsReference(data: Interactions, halfLife: number): Float32Array {
  const out = data.values.slice();
  if (!(halfLife > 0)) return out;
  for (let u = 0; u < data.nUsers; u++) {
    for (let p = data.indptr[u]!; p < data.indptr[u + 1]!; p++) {
      let later = 0;
      for (let q = data.indptr[u]!; q < data.indptr[u + 1]!; q++) if (data.times[q]! > data.times[p]!) later++;
      out[p] = data.values[p]! * Math.pow(2, -later / halfLife);
    }
  }
  return out;
}

/**
 * The same weighting for one history given directly (fold-in): each value times
 * 2^(−age / halfLife), age = the number of the history's interactions strictly later in time.
 */
export function historyRecencyWeights(values: Float32Array, times: Float64Array, halfLife: number): Float32Array {
  const out = values.slice();
  if (!(halfLife > 0)) return out;
  const order = Array.from({ length: values.length }, (_, p) => p).sort((a, b) => times[b]! - times[a]!);
  const decay = Math.LN2 / halfLife;
  let age = 0;
  for (let r = 0; r < order.length; r++) {
    if (r > 0 && times[order[r]!]! < times[order[r - 1]!]!) age = r;
    out[order[r]!]! *= Math.exp(-age * decay);
  }
  return out;
}
