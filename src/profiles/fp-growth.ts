/**
 * Frequent itemsets by FP-Growth (Han et al., 2000): baskets are compressed into a prefix tree of
 * items ordered by frequency, and the itemsets ending in each item are mined from that item's
 * conditional tree, recursively — no candidate generation. The tree lives in flat typed arrays.
 * `itemsets-reference.ts` counts every subset of every basket: the slow twin for tests.
 *
 * @example
 *   // baskets {0,1}, {0,1,2}, {1,2} as CSR rows
 *   const b = { offsets: Int32Array.of(0, 2, 5, 7), items: Int32Array.of(0, 1, 0, 1, 2, 1, 2), itemCount: 3 };
 *   const f = frequentItemsets(b, 2);
 *   f.itemsets; // [[2], [1, 2], [0], [0, 1], [1]] (each ascending); f.counts: [2, 2, 2, 2, 3]
 */
export interface Baskets {
  /** Row b spans items[offsets[b] .. offsets[b + 1]); items within a row are distinct. */
  offsets: Int32Array;
  items: Int32Array;
  itemCount: number;
}

export interface FrequentItemsets {
  /** Item ids, ascending within each itemset. */
  itemsets: Int32Array[];
  /** Baskets containing each itemset. */
  counts: number[];
}

/** A prefix tree of item ranks; node 0 is the root. */
class FpTree {
  item: Int32Array;
  count: Float64Array;
  parent: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
  /** Next node of the same item (the header table's linked list). */
  nextSame: Int32Array;
  size = 1;
  /** First node of each item rank, -1 when none. */
  readonly head: Int32Array;

  constructor(ranks: number, capacity = 64) {
    this.item = new Int32Array(capacity).fill(-1);
    this.count = new Float64Array(capacity);
    this.parent = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity).fill(-1);
    this.nextSibling = new Int32Array(capacity).fill(-1);
    this.nextSame = new Int32Array(capacity).fill(-1);
    this.head = new Int32Array(ranks).fill(-1);
  }

  /** Adds a path of ranks (ascending: most frequent first) with a count. */
  insert(path: Int32Array, length: number, count: number): void {
    let node = 0;
    for (let i = 0; i < length; i++) {
      const r = path[i]!;
      let child = this.firstChild[node]!;
      while (child >= 0 && this.item[child] !== r) child = this.nextSibling[child]!;
      if (child < 0) {
        if (this.size === this.item.length) this.#grow();
        child = this.size++;
        this.item[child] = r;
        this.parent[child] = node;
        this.nextSibling[child] = this.firstChild[node]!;
        this.firstChild[node] = child;
        this.nextSame[child] = this.head[r]!;
        this.head[r] = child;
      }
      this.count[child]! += count;
      node = child;
    }
  }

  #grow(): void {
    const n = this.item.length * 2;
    const growInt = (a: Int32Array) => {
      const b = new Int32Array(n).fill(-1);
      b.set(a);
      return b;
    };
    this.item = growInt(this.item);
    this.parent = growInt(this.parent);
    this.firstChild = growInt(this.firstChild);
    this.nextSibling = growInt(this.nextSibling);
    this.nextSame = growInt(this.nextSame);
    const c = new Float64Array(n);
    c.set(this.count);
    this.count = c;
  }
}

/** Every itemset in at least `minCount` baskets, up to `maxLength` items. */
export function frequentItemsets(baskets: Baskets, minCount: number, maxLength = 4): FrequentItemsets {
  const threshold = Math.max(1, minCount);
  const freq = new Float64Array(baskets.itemCount);
  for (const item of baskets.items) freq[item]!++;
  // Ranks: frequent items by descending count (ties by id); rankItem maps back to item ids.
  const rankItem = Int32Array.from({ length: baskets.itemCount }, (_, i) => i)
    .filter((i) => freq[i]! >= threshold)
    .sort((a, b) => freq[b]! - freq[a]! || a - b);
  const rankOf = new Int32Array(baskets.itemCount).fill(-1);
  rankItem.forEach((item, r) => { rankOf[item] = r; });

  const tree = new FpTree(rankItem.length, 1024);
  const path = new Int32Array(Math.max(1, rankItem.length));
  for (let b = 0; b + 1 < baskets.offsets.length; b++) {
    let length = 0;
    for (let k = baskets.offsets[b]!; k < baskets.offsets[b + 1]!; k++) {
      const r = rankOf[baskets.items[k]!]!;
      if (r >= 0) path[length++] = r;
    }
    path.subarray(0, length).sort();
    tree.insert(path, length, 1);
  }

  const out: FrequentItemsets = { itemsets: [], counts: [] };
  const suffix: number[] = [];
  const mine = (t: FpTree) => {
    // Least frequent first, as in the paper; any order gives the same itemsets.
    for (let r = t.head.length - 1; r >= 0; r--) {
      let support = 0;
      for (let node = t.head[r]!; node >= 0; node = t.nextSame[node]!) support += t.count[node]!;
      if (support < threshold) continue;
      suffix.push(r);
      out.itemsets.push(Int32Array.from(suffix, (x) => rankItem[x]!).sort());
      out.counts.push(support);
      if (suffix.length < maxLength) {
        const conditional = conditionalTree(t, r, threshold, path);
        if (conditional) mine(conditional);
      }
      suffix.pop();
    }
  };
  mine(tree);
  return out;
}

/** The tree of the prefix paths that end in rank `r`, with items below the threshold dropped. */
function conditionalTree(t: FpTree, r: number, threshold: number, scratch: Int32Array): FpTree | null {
  const support = new Float64Array(r);
  for (let node = t.head[r]!; node >= 0; node = t.nextSame[node]!) {
    for (let p = t.parent[node]!; p > 0; p = t.parent[p]!) support[t.item[p]!]! += t.count[node]!;
  }
  let any = false;
  for (let i = 0; i < r; i++) if (support[i]! >= threshold) any = true;
  if (!any) return null;
  const tree = new FpTree(r);
  for (let node = t.head[r]!; node >= 0; node = t.nextSame[node]!) {
    let length = 0;
    for (let p = t.parent[node]!; p > 0; p = t.parent[p]!) {
      if (support[t.item[p]!]! >= threshold) scratch[length++] = t.item[p]!;
    }
    if (length === 0) continue;
    // Walking up gives descending ranks; the tree takes them ascending.
    scratch.subarray(0, length).reverse();
    tree.insert(scratch, length, t.count[node]!);
  }
  return tree;
}
