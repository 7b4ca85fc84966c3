/**
 * One score per item from its components: the weighted mean of their standardised values over the
 * components active for the item's type, z̄ = Σ wᵢ·zᵢ / Σ wᵢ, shown on 0–100 as 100·Φ(z̄ / s) where s
 * is the spread of z̄ over the items of that type with any evidence — so 50 is the platform's typical
 * item, 84 one spread above it, and scores use the whole range on any platform. An item without
 * evidence sits at 50. Confidence is the weighted share of the evidence that is the item's own,
 * Σ wᵢ·nᵢ/(nᵢ + mᵢ) / Σ wᵢ.
 *
 * @example
 *   const scores = combineComponents(catalog.type, table, config.weights);
 *   scores.score[i];        // 0–100
 *   scores.confidence[i];   // 0–1
 */
import type { ComponentTable } from './components.js';
import { componentNames, type ComponentName } from './quality-config.js';
import { normalCdf } from './statistics.js';

export interface CombinedScores {
  score: Float64Array;
  confidence: Float64Array;
  /** The weighted standardised mean before it is put on 0–100. */
  z: Float64Array;
  /** Each component's share of the item's score (weights rescaled over the active ones); 0 when inactive. */
  weight: Record<ComponentName, Float64Array>;
}

export function combineComponents(types: readonly string[], table: ComponentTable, weights: Readonly<Record<ComponentName, number>>): CombinedScores {
  const n = types.length;
  const z = new Float64Array(n);
  const confidence = new Float64Array(n);
  const hasEvidence = new Uint8Array(n);
  const weight = {} as Record<ComponentName, Float64Array>;
  for (const name of componentNames) weight[name] = new Float64Array(n);
  // The active weight total per type: the same components drop out for every item of a type.
  const totals = new Map<string, number>();
  for (const type of new Set(types)) {
    let total = 0;
    for (const name of componentNames) if (table.columns[name].activeTypes.has(type)) total += weights[name];
    totals.set(type, total);
  }
  for (const name of componentNames) {
    const col = table.columns[name];
    const w = weights[name];
    if (w === 0) continue;
    const share = weight[name];
    for (let i = 0; i < n; i++) {
      if (!col.activeTypes.has(types[i]!)) continue;
      const total = totals.get(types[i]!)!;
      const wi = w / total;
      share[i] = wi;
      z[i]! += wi * col.z[i]!;
      confidence[i]! += wi * col.confidence[i]!;
      if (col.evidence[i]! > 0) hasEvidence[i] = 1;
    }
  }
  const score = new Float64Array(n).fill(50);
  for (const [type, spread] of spreadByType(types, z, hasEvidence)) {
    for (let i = 0; i < n; i++) if (types[i] === type) score[i] = 100 * normalCdf(z[i]! / spread);
  }
  return { score, confidence, z, weight };
}

/** Standard deviation of z̄ per type over items with evidence (1 when there is no spread to measure). */
function spreadByType(types: readonly string[], z: Float64Array, hasEvidence: Uint8Array): Map<string, number> {
  const acc = new Map<string, { n: number; s: number; ss: number }>();
  for (let i = 0; i < types.length; i++) {
    if (!hasEvidence[i]) continue;
    const a = acc.get(types[i]!) ?? { n: 0, s: 0, ss: 0 };
    a.n++; a.s += z[i]!; a.ss += z[i]! * z[i]!;
    acc.set(types[i]!, a);
  }
  const out = new Map<string, number>();
  for (const type of new Set(types)) {
    const a = acc.get(type);
    const sd = a && a.n >= 2 ? Math.sqrt(Math.max(0, a.ss / a.n - (a.s / a.n) ** 2)) : 0;
    out.set(type, sd > 1e-9 ? sd : 1);
  }
  return out;
}
