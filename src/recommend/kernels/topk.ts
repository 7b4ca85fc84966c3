/**
 * Top-K selection over a dense score vector: a bounded min-heap, O(n log k), no allocation
 * beyond the output. Items whose `excluded` flag is set, or whose score is not finite, are skipped.
 * Ties break by lower item index so results are deterministic.
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
    if (excluded !== undefined && excluded[i] === 1) continue;
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
