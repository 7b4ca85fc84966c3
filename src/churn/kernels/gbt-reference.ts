/**
 * The slow, obvious boosting the histogram kernel is checked against: each node keeps its list of
 * rows, and every candidate split sums the gradients of its rows afresh. Same splits, same values,
 * no histograms and no heap routing tricks.
 *
 * @example
 *   const trees = fitForestReference(rowsOfBins, y, binsPerColumn, options); // nested node objects
 *   marginReference(trees, base, rowBins);
 */
import type { GbtOptions } from './gbt.js';

export interface ReferenceNode {
  value: number;
  split?: { feature: number; bin: number; left: ReferenceNode; right: ReferenceNode };
}

export function fitForestReference(
  rows: readonly number[][], y: readonly number[], binsPerColumn: readonly number[], o: GbtOptions,
): { base: number; trees: ReferenceNode[] } {
  const n = rows.length;
  const rate = Math.min(Math.max(y.reduce((s, v) => s + v, 0) / Math.max(1, n), 1e-6), 1 - 1e-6);
  const base = Math.log(rate / (1 - rate));
  const margin = rows.map(() => base);
  const trees: ReferenceNode[] = [];
  for (let t = 0; t < o.rounds; t++) {
    const g = margin.map((m, i) => 1 / (1 + Math.exp(-m)) - y[i]!);
    const h = margin.map((m) => { const q = 1 / (1 + Math.exp(-m)); return q * (1 - q); });
    const grow = (members: number[], level: number): ReferenceNode => {
      const G = members.reduce((s, i) => s + g[i]!, 0);
      const H = members.reduce((s, i) => s + h[i]!, 0);
      const node: ReferenceNode = { value: -o.learningRate * G / (H + o.l2) };
      if (level === o.depth) return node;
      let best = 0;
      let choice: { feature: number; bin: number } | undefined;
      for (let j = 0; j < binsPerColumn.length; j++) {
        for (let b = 0; b < binsPerColumn[j]! - 1; b++) {
          const left = members.filter((i) => rows[i]![j]! <= b);
          const GL = left.reduce((s, i) => s + g[i]!, 0);
          const HL = left.reduce((s, i) => s + h[i]!, 0);
          if (HL < o.minChildWeight || H - HL < o.minChildWeight) continue;
          const gain = GL * GL / (HL + o.l2) + (G - GL) ** 2 / (H - HL + o.l2) - G * G / (H + o.l2);
          if (gain > best) {
            best = gain;
            choice = { feature: j, bin: b };
          }
        }
      }
      if (choice) {
        const { feature, bin } = choice;
        node.split = {
          feature, bin,
          left: grow(members.filter((i) => rows[i]![feature]! <= bin), level + 1),
          right: grow(members.filter((i) => rows[i]![feature]! > bin), level + 1),
        };
      }
      return node;
    };
    const tree = grow(rows.map((_, i) => i), 0);
    trees.push(tree);
    rows.forEach((r, i) => { margin[i]! += leafValue(tree, r); });
  }
  return { base, trees };
}

export function leafValue(node: ReferenceNode, row: readonly number[]): number {
  while (node.split) node = row[node.split.feature]! <= node.split.bin ? node.split.left : node.split.right;
  return node.value;
}

export function marginReference(forest: { base: number; trees: ReferenceNode[] }, row: readonly number[]): number {
  return forest.trees.reduce((s, t) => s + leafValue(t, row), forest.base);
}
