/**
 * Top-K selection over a dense score vector: a bounded min-heap, O(n log k), no allocation
 * beyond the output and the k-sized heap. Items whose `excluded` flag is non-zero, or whose score
 * is NaN or -Infinity, are skipped. Ties break by lower item index so results are deterministic.
 * Writes k slots at `offset` (unfilled ones: item -1, score -Infinity) and returns how many were filled.
 *
 * @example
 *   const items = new Int32Array(2), scores = new Float32Array(2);
 *   topK(Float32Array.of(0.1, 0.9, 0.5), 2, items, scores); // items = [1, 2]
 */
export function topK(
  scores: Float32Array | Float64Array,
  k: number,
  outItems: Int32Array,
  outScores: Float32Array,
  offset = 0,
  excluded?: Uint8Array,
): number {
  const heapItems = new Int32Array(k);
  const heapScores = new Float64Array(k);
  let size = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    if (excluded !== undefined && excluded[i] !== 0) continue;
    const s = scores[i]!;
    if (!(s > -Infinity) || s !== s) continue;
    if (size < k) {
      // Sift up: the heap root is the worst kept entry (lowest score, then highest index).
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (worse(heapScores[p]!, heapItems[p]!, s, i)) break;
        heapScores[c] = heapScores[p]!;
        heapItems[c] = heapItems[p]!;
        c = p;
      }
      heapScores[c] = s;
      heapItems[c] = i;
    } else if (worse(heapScores[0]!, heapItems[0]!, s, i)) {
      siftDown(heapScores, heapItems, size, s, i);
    }
  }
  // Pop into the output from worst to best so the output is best-first.
  for (let r = size - 1; r >= 0; r--) {
    outItems[offset + r] = heapItems[0]!;
    outScores[offset + r] = heapScores[0]!;
    const lastS = heapScores[r]!;
    const lastI = heapItems[r]!;
    siftDown(heapScores, heapItems, r, lastS, lastI);
  }
  for (let r = size; r < k; r++) {
    outItems[offset + r] = -1;
    outScores[offset + r] = -Infinity;
  }
  return size;
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
