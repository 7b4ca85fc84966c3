/**
 * Top-K selection: a bounded min-heap on typed arrays, O(n log k). `topK` scans a dense score
 * vector (with an exclusion mask), `topKOf` scans only a list of candidate indices (sparse rows,
 * e.g. the items a neighbourhood touched), `topKFromOrder` walks a precomputed ranking (scores that
 * do not change between requests). Items whose score is NaN or -Infinity are skipped. Ties break
 * by lower item index so results are deterministic. All write k slots at `offset` (unfilled ones:
 * item -1, score -Infinity) and return how many were filled.
 *
 * @example
 *   const items = new Int32Array(2), scores = new Float32Array(2);
 *   topK(Float32Array.of(0.1, 0.9, 0.5), 2, items, scores); // items = [1, 2]
 */

/** A reusable bounded heap; the root is the worst kept entry (lowest score, then highest index). */
export class TopKHeap {
  readonly #items: Int32Array;
  readonly #scores: Float64Array;
  readonly capacity: number;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#items = new Int32Array(capacity);
    this.#scores = new Float64Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Offers one (item, score); non-finite-low scores (NaN, -Infinity) are ignored. */
  push(item: number, score: number): void {
    if (!(score > -Infinity)) return;
    const hs = this.#scores;
    const hi = this.#items;
    if (this.#size < this.capacity) {
      let c = this.#size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (worse(hs[p]!, hi[p]!, score, item)) break;
        hs[c] = hs[p]!;
        hi[c] = hi[p]!;
        c = p;
      }
      hs[c] = score;
      hi[c] = item;
    } else if (this.capacity > 0 && worse(hs[0]!, hi[0]!, score, item)) {
      siftDown(hs, hi, this.#size, score, item);
    }
  }

  /** Writes the kept entries best-first into `k` slots at `offset`, pads, empties the heap; returns the count. */
  drain(outItems: Int32Array, outScores: Float32Array, offset: number, k: number): number {
    const hs = this.#scores;
    const hi = this.#items;
    const size = this.#size;
    for (let r = size - 1; r >= 0; r--) {
      outItems[offset + r] = hi[0]!;
      outScores[offset + r] = hs[0]!;
      siftDown(hs, hi, r, hs[r]!, hi[r]!);
    }
    for (let r = size; r < k; r++) {
      outItems[offset + r] = -1;
      outScores[offset + r] = -Infinity;
    }
    this.#size = 0;
    return size;
  }
}

/** Top-k over a dense score vector; items with a non-zero `excluded` flag are skipped. */
export function topK(
  scores: Float32Array | Float64Array,
  k: number,
  outItems: Int32Array,
  outScores: Float32Array,
  offset = 0,
  excluded?: Uint8Array,
  heap: TopKHeap = new TopKHeap(k),
): number {
  const n = scores.length;
  if (excluded === undefined) {
    for (let i = 0; i < n; i++) heap.push(i, scores[i]!);
  } else {
    for (let i = 0; i < n; i++) if (excluded[i] === 0) heap.push(i, scores[i]!);
  }
  return heap.drain(outItems, outScores, offset, k);
}

/** Top-k among `candidates[0 … count)`, reading each candidate's score from the dense `scores`. */
export function topKOf(
  candidates: Int32Array,
  count: number,
  scores: Float32Array | Float64Array,
  k: number,
  outItems: Int32Array,
  outScores: Float32Array,
  offset = 0,
  heap: TopKHeap = new TopKHeap(k),
): number {
  for (let c = 0; c < count; c++) {
    const i = candidates[c]!;
    heap.push(i, scores[i]!);
  }
  return heap.drain(outItems, outScores, offset, k);
}

/**
 * Every item with a score above -Infinity (NaN skipped), best first, ties by lower index: the
 * order `topK` would return with k = n. For scores that are the same for every request (trending,
 * popularity), sort once and answer each request with `topKFromOrder`.
 */
export function rankOrder(scores: Float32Array | Float64Array): Int32Array {
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) if (scores[i]! > -Infinity) kept.push(i);
  const order = Int32Array.from(kept);
  // Sorting an index array by a typed-array key: keys are read once per comparison, no objects.
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}

/**
 * The first k items of `order` not `excluded`, with their scores: equal to `topK` over the scores
 * `order` was ranked from, at the cost of the excluded items passed over instead of every item.
 */
export function topKFromOrder(
  order: Int32Array,
  scores: Float32Array | Float64Array,
  k: number,
  outItems: Int32Array,
  outScores: Float32Array,
  offset = 0,
  excluded?: Uint8Array,
): number {
  let filled = 0;
  for (let r = 0; r < order.length && filled < k; r++) {
    const i = order[r]!;
    if (excluded !== undefined && excluded[i] !== 0) continue;
    outItems[offset + filled] = i;
    outScores[offset + filled] = scores[i]!;
    filled++;
  }
  for (let r = filled; r < k; r++) {
    outItems[offset + r] = -1;
    outScores[offset + r] = -Infinity;
  }
  return filled;
}

/** True when (sa, ia) ranks below (sb, ib). */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftDown(hs: Float64Array, hi: Int32Array, size: number, s: number, item: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    const r = l + 1;
    let m = l;
    if (r < size && worse(hs[r]!, hi[r]!, hs[l]!, hi[l]!)) m = r;
    if (!worse(hs[m]!, hi[m]!, s, item)) break;
    hs[c] = hs[m]!;
    hi[c] = hi[m]!;
    c = m;
  }
  hs[c] = s;
  hi[c] = item;
}

/** The obvious O(n log n) version of `topK` (sort everything), kept to test the heap against. */
export function topKReference(
  scores: ArrayLike<number>,
  k: number,
  excluded?: Uint8Array,
): { items: number[]; scores: number[] } {
  const kept: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if ((excluded === undefined || excluded[i] === 0) && s > -Infinity) kept.push(i);
  }
  kept.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const items = kept.slice(0, k);
  return { items, scores: items.map((i) => scores[i]!) };
}
