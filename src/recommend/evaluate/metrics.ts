/**
 * Evaluation metrics, defined once (K slots per user, binary relevance):
 * - HR@K = 1 if any test item is in the top K; Precision@K = hits / K; Recall@K = hits / |test|.
 * - NDCG@K = DCG / IDCG, gain 1 / log2(rank + 1) for rank 1…K, IDCG over min(|test|, K) hits.
 * - MAP@K: AP@K = Σ over hit ranks r of (hits within the first r) / r, divided by min(|test|, K).
 * - Coverage@K = distinct recommended items / the catalogue size given by the caller.
 * Per-user values are averaged over the users added. RMSE and MAE for rating predictions.
 *
 * @example
 *   const acc = new RankingAccumulator(nItems, 10);
 *   acc.addUser(result.items, r * 10, testItemsOfUser);
 *   acc.result(catalogSize); // { hr, ndcg, precision, recall, map, coverage }
 */

export interface RankingMetrics {
  hr: number;
  ndcg: number;
  precision: number;
  recall: number;
  map: number;
  coverage: number;
}

export interface ErrorMetrics {
  rmse: number;
  mae: number;
}

/** Sums per-user ranking metrics over typed arrays; one instance per evaluation run. */
export class RankingAccumulator {
  readonly k: number;
  #users = 0;
  #hr = 0;
  #ndcg = 0;
  #precision = 0;
  #recall = 0;
  #ap = 0;
  readonly #relevant: Uint8Array;
  readonly #recommended: Uint8Array;
  #distinct = 0;
  /** discount[r] = 1 / log2(r + 2) for 0-based rank r. */
  readonly #discount: Float64Array;

  constructor(nItems: number, k: number) {
    this.k = k;
    this.#relevant = new Uint8Array(nItems);
    this.#recommended = new Uint8Array(nItems);
    this.#discount = Float64Array.from({ length: k }, (_, r) => 1 / Math.log2(r + 2));
  }

  /** Scores one user: `items[offset … offset + k)` are the recommendations (-1 = empty slot). */
  addUser(items: Int32Array, offset: number, testItems: ArrayLike<number>): void {
    const k = this.k;
    const nTest = testItems.length;
    if (nTest === 0) throw new Error('a scored user needs at least one test item');
    const relevant = this.#relevant;
    for (let t = 0; t < nTest; t++) relevant[testItems[t]!] = 1;
    let hits = 0;
    let dcg = 0;
    let apSum = 0;
    for (let r = 0; r < k; r++) {
      const item = items[offset + r]!;
      if (item < 0) continue;
      if (this.#recommended[item] === 0) {
        this.#recommended[item] = 1;
        this.#distinct++;
      }
      if (relevant[item] === 1) {
        hits++;
        dcg += this.#discount[r]!;
        apSum += hits / (r + 1);
      }
    }
    for (let t = 0; t < nTest; t++) relevant[testItems[t]!] = 0;
    const ideal = Math.min(nTest, k);
    let idcg = 0;
    for (let r = 0; r < ideal; r++) idcg += this.#discount[r]!;
    this.#users++;
    this.#hr += hits > 0 ? 1 : 0;
    this.#precision += hits / k;
    this.#recall += hits / nTest;
    this.#ndcg += idcg > 0 ? dcg / idcg : 0;
    this.#ap += ideal > 0 ? apSum / ideal : 0;
  }

  get users(): number {
    return this.#users;
  }

  /** Means over the users added; coverage over `catalogSize` items. All zero when no user was added. */
  result(catalogSize: number): RankingMetrics {
    const n = this.#users || 1;
    return {
      hr: this.#hr / n,
      ndcg: this.#ndcg / n,
      precision: this.#precision / n,
      recall: this.#recall / n,
      map: this.#ap / n,
      coverage: catalogSize > 0 ? this.#distinct / catalogSize : 0,
    };
  }
}

/** RMSE and MAE of predictions against true values (zeros for empty input). */
export function errorMetrics(predicted: ArrayLike<number>, actual: ArrayLike<number>): ErrorMetrics {
  if (predicted.length !== actual.length) throw new RangeError('predicted and actual differ in length');
  const n = predicted.length;
  let se = 0;
  let ae = 0;
  for (let j = 0; j < n; j++) {
    const d = predicted[j]! - actual[j]!;
    se += d * d;
    ae += Math.abs(d);
  }
  return n === 0 ? { rmse: 0, mae: 0 } : { rmse: Math.sqrt(se / n), mae: ae / n };
}

/** The definitions written out for one user, plainly, to test the accumulator against. */
export function rankingMetricsReference(
  recommended: readonly number[],
  relevant: readonly number[],
  k: number,
): { hr: number; ndcg: number; precision: number; recall: number; ap: number } {
  const rel = new Set(relevant);
  const top = recommended.slice(0, k);
  const hitRanks = top.flatMap((item, r) => (item >= 0 && rel.has(item) ? [r + 1] : []));
  const dcg = hitRanks.reduce((s, rank) => s + 1 / Math.log2(rank + 1), 0);
  let idcg = 0;
  for (let rank = 1; rank <= Math.min(rel.size, k); rank++) idcg += 1 / Math.log2(rank + 1);
  const ap = hitRanks.reduce((s, rank, h) => s + (h + 1) / rank, 0) / Math.min(rel.size, k);
  return {
    hr: hitRanks.length > 0 ? 1 : 0,
    ndcg: dcg / idcg,
    precision: hitRanks.length / k,
    recall: hitRanks.length / rel.size,
    ap,
  };
}
