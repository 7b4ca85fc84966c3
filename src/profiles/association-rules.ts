/**
 * Association rules from frequent itemsets: for every frequent itemset Z and every non-empty
 * proper subset X of it, the rule X → Z \ X with
 *   support    = baskets containing Z ÷ baskets,
 *   confidence = baskets containing Z ÷ baskets containing X,
 *   lift       = confidence ÷ (baskets containing Z \ X ÷ baskets)   (1 = independent).
 * Every subset of a frequent itemset is frequent, so all the counts are at hand.
 *
 * @example
 *   const { rules } = associationRules(baskets, { minSupport: 0.01, minConfidence: 0.2 });
 *   rules[0]; // { antecedent: [4], consequent: [9], count: 31, support: 0.012, confidence: 0.41, lift: 6.3 }
 */
import { frequentItemsets, type Baskets } from './fp-growth.js';

export interface AssociationRule {
  antecedent: number[];
  consequent: number[];
  /** Baskets containing antecedent and consequent. */
  count: number;
  support: number;
  confidence: number;
  lift: number;
}

export interface RuleOptions {
  /** Share of baskets, in (0, 1]. */
  minSupport: number;
  minConfidence: number;
  minLift?: number;
  /** Largest itemset mined (antecedent + consequent). */
  maxLength?: number;
}

export interface RuleSet {
  rules: AssociationRule[];
  baskets: number;
  frequentItemsets: number;
  /** minSupport as a basket count. */
  minCount: number;
}

export function associationRules(baskets: Baskets, options: RuleOptions): RuleSet {
  const n = baskets.offsets.length - 1;
  const minCount = Math.max(1, Math.ceil(options.minSupport * n - 1e-9));
  const found = frequentItemsets(baskets, minCount, options.maxLength ?? 3);
  const countOf = new Map<string, number>();
  found.itemsets.forEach((set, i) => countOf.set(set.join(','), found.counts[i]!));
  const rules: AssociationRule[] = [];
  found.itemsets.forEach((set, i) => {
    const size = set.length;
    if (size < 2) return;
    const count = found.counts[i]!;
    for (let mask = 1; mask < (1 << size) - 1; mask++) {
      const antecedent: number[] = [];
      const consequent: number[] = [];
      for (let j = 0; j < size; j++) (mask & (1 << j) ? antecedent : consequent).push(set[j]!);
      const confidence = count / countOf.get(antecedent.join(','))!;
      if (confidence < options.minConfidence) continue;
      const lift = confidence / (countOf.get(consequent.join(','))! / n);
      if (options.minLift !== undefined && lift < options.minLift) continue;
      rules.push({ antecedent, consequent, count, support: count / n, confidence, lift });
    }
  });
  rules.sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || b.count - a.count);
  return { rules, baskets: n, frequentItemsets: found.itemsets.length, minCount };
}
