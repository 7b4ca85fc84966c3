/**
 * Frequent itemsets the obvious way: every subset (up to `maxLength` items) of every basket is
 * counted in a map. Exponential in basket size — for tests that check `fp-growth.ts` against it.
 *
 * @example
 *   frequentItemsetsReference([[0, 1], [0, 1, 2], [1, 2]], 2);
 *   // Map { '0' => 2, '1' => 3, '2' => 2, '0,1' => 2, '1,2' => 2 }
 */
export function frequentItemsetsReference(baskets: readonly (readonly number[])[], minCount: number, maxLength = 4): Map<string, number> {
  const counts = new Map<string, number>();
  for (const basket of baskets) {
    const items = [...new Set(basket)].sort((a, b) => a - b);
    const subsets = (start: number, chosen: number[]) => {
      for (let i = start; i < items.length; i++) {
        const next = [...chosen, items[i]!];
        const key = next.join(',');
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (next.length < maxLength) subsets(i + 1, next);
      }
    };
    subsets(0, []);
  }
  for (const [key, n] of counts) if (n < Math.max(1, minCount)) counts.delete(key);
  return counts;
}
