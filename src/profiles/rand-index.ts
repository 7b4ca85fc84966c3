/**
 * The adjusted Rand index between two labelings of the same items: 1 when they agree up to
 * renaming, about 0 for independent random labelings (it can go slightly negative). How well
 * segments recover known groups, such as the simulator's learner habits.
 *
 * @example
 *   adjustedRandIndex(['a', 'a', 'b', 'b'], [1, 1, 0, 0]); // 1
 */
export function adjustedRandIndex(a: ArrayLike<string | number>, b: ArrayLike<string | number>): number {
  if (a.length !== b.length) throw new RangeError('both labelings must cover the same items');
  const n = a.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const ids = (labels: ArrayLike<string | number>) => {
    const map = new Map<string | number, number>();
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let id = map.get(labels[i]!);
      if (id === undefined) map.set(labels[i]!, (id = map.size));
      out[i] = id;
    }
    return { out, size: map.size };
  };
  const A = ids(a);
  const B = ids(b);
  const table = new Float64Array(A.size * B.size);
  const rows = new Float64Array(A.size);
  const cols = new Float64Array(B.size);
  for (let i = 0; i < n; i++) {
    table[A.out[i]! * B.size + B.out[i]!]!++;
    rows[A.out[i]!]!++;
    cols[B.out[i]!]!++;
  }
  let index = 0;
  for (const c of table) index += pairs(c);
  let sumRows = 0;
  for (const r of rows) sumRows += pairs(r);
  let sumCols = 0;
  for (const c of cols) sumCols += pairs(c);
  const expected = n > 1 ? (sumRows * sumCols) / pairs(n) : 0;
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
