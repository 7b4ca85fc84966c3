/**
 * Gradient-boosted trees for a binary label (logistic loss), histogram-based: features arrive as
 * small bin numbers (`binning.ts`, column-major), each level of a tree is grown from per-node
 * gradient histograms in one pass over the rows, and every tree is complete to `depth` in heap
 * layout (node i has children 2i + 1 and 2i + 2), so prediction is `depth` steps with no pointers.
 * A node that does not split passes every row to its left child with its own value.
 *
 * Every node keeps its Newton value (−η·G/(H + λ)), not only the leaves: the change of value along
 * a row's path, credited to the split feature, is its Saabas contribution (`forestContributions`),
 * which the churn reasons read.
 *
 * @example
 *   const forest = fitForest(bins, n, p, binsPerColumn, y, { rounds: 200, depth: 3, learningRate: 0.1, l2: 1, minChildWeight: 5 });
 *   forestMargins(forest, bins, n);   // log-odds per row
 */
import { sigmoid } from './logistic.js';

export interface GbtOptions {
  rounds: number;
  depth: number;
  /** Shrinkage η applied to every node value. */
  learningRate: number;
  /** λ in the Newton value −G/(H + λ) and in the split gain. */
  l2: number;
  /** Least hessian sum a child must hold (p(1 − p) per row, at most ¼). */
  minChildWeight: number;
}

export interface Forest {
  depth: number;
  rounds: number;
  /** Log-odds of the training base rate. */
  base: number;
  /** Per tree × node (heap layout, 2^(depth+1) − 1 nodes): split column, −1 for none. */
  feature: Int32Array;
  /** Rows with bin ≤ this go left. */
  bin: Int32Array;
  /** Newton value of every node, shrinkage included. */
  value: Float64Array;
}

export const nodesPerTree = (depth: number) => (1 << (depth + 1)) - 1;

export function fitForest(bins: Uint8Array, n: number, p: number, binsPerColumn: Int32Array, y: Uint8Array, o: GbtOptions): Forest {
  const nodes = nodesPerTree(o.depth);
  const forest: Forest = {
    depth: o.depth, rounds: o.rounds, base: 0,
    feature: new Int32Array(o.rounds * nodes).fill(-1), bin: new Int32Array(o.rounds * nodes), value: new Float64Array(o.rounds * nodes),
  };
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const rate = Math.min(Math.max(positives / Math.max(1, n), 1e-6), 1 - 1e-6);
  forest.base = Math.log(rate / (1 - rate));
  let maxBins = 0;
  for (let j = 0; j < p; j++) maxBins = Math.max(maxBins, binsPerColumn[j]!);
  const margin = new Float64Array(n).fill(forest.base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const nodeOf = new Int32Array(n);
  const widest = 1 << (o.depth - 1);
  const hg = new Float64Array(widest * p * maxBins);
  const hh = new Float64Array(widest * p * maxBins);
  const open = new Uint8Array(nodes);
  const sumG = new Float64Array(nodes);
  const sumH = new Float64Array(nodes);

  for (let t = 0; t < o.rounds; t++) {
    const off = t * nodes;
    sumG.fill(0);
    sumH.fill(0);
    for (let i = 0; i < n; i++) {
      const q = sigmoid(margin[i]!);
      g[i] = q - y[i]!;
      h[i] = q * (1 - q);
      sumG[0]! += g[i]!;
      sumH[0]! += h[i]!;
    }
    nodeOf.fill(0);
    open.fill(0);
    open[0] = 1;
    forest.value[off] = -o.learningRate * sumG[0]! / (sumH[0]! + o.l2);
    for (let level = 0; level < o.depth; level++) {
      const first = (1 << level) - 1;
      const count = 1 << level;
      hg.fill(0, 0, count * p * maxBins);
      hh.fill(0, 0, count * p * maxBins);
      for (let j = 0; j < p; j++) {
        const col = j * n;
        for (let i = 0; i < n; i++) {
          const node = nodeOf[i]!;
          if (open[node] === 0) continue;
          const slot = ((node - first) * p + j) * maxBins + bins[col + i]!;
          hg[slot]! += g[i]!;
          hh[slot]! += h[i]!;
        }
      }
      for (let k = 0; k < count; k++) {
        const node = first + k;
        const left = 2 * node + 1;
        const right = left + 1;
        const nodeValue = forest.value[off + node]!;
        if (open[node] === 1) {
          const G = sumG[node]!;
          const H = sumH[node]!;
          const parentScore = (G * G) / (H + o.l2);
          let best = 0;
          let bestJ = -1;
          let bestB = 0;
          let bestGL = 0;
          let bestHL = 0;
          for (let j = 0; j < p; j++) {
            const base = (k * p + j) * maxBins;
            let GL = 0;
            let HL = 0;
            for (let b = 0; b < binsPerColumn[j]! - 1; b++) {
              GL += hg[base + b]!;
              HL += hh[base + b]!;
              const HR = H - HL;
              if (HL < o.minChildWeight || HR < o.minChildWeight) continue;
              const GR = G - GL;
              const gain = (GL * GL) / (HL + o.l2) + (GR * GR) / (HR + o.l2) - parentScore;
              if (gain > best) {
                best = gain;
                bestJ = j;
                bestB = b;
                bestGL = GL;
                bestHL = HL;
              }
            }
          }
          if (bestJ >= 0) {
            forest.feature[off + node] = bestJ;
            forest.bin[off + node] = bestB;
            sumG[left] = bestGL;
            sumH[left] = bestHL;
            sumG[right] = G - bestGL;
            sumH[right] = H - bestHL;
            forest.value[off + left] = -o.learningRate * bestGL / (bestHL + o.l2);
            forest.value[off + right] = -o.learningRate * (G - bestGL) / (H - bestHL + o.l2);
            open[left] = 1;
            open[right] = 1;
            continue;
          }
        }
        forest.value[off + left] = nodeValue;
        forest.value[off + right] = nodeValue;
      }
      for (let i = 0; i < n; i++) {
        const node = nodeOf[i]!;
        const f = forest.feature[off + node]!;
        nodeOf[i] = f >= 0 && bins[f * n + i]! > forest.bin[off + node]! ? 2 * node + 2 : 2 * node + 1;
      }
    }
    for (let i = 0; i < n; i++) margin[i]! += forest.value[off + nodeOf[i]!]!;
  }
  return forest;
}

/** The leaf a row reaches in tree t. */
function leafOf(forest: Forest, t: number, bins: Uint8Array, n: number, i: number): number {
  const off = t * nodesPerTree(forest.depth);
  let node = 0;
  for (let level = 0; level < forest.depth; level++) {
    const f = forest.feature[off + node]!;
    node = f >= 0 && bins[f * n + i]! > forest.bin[off + node]! ? 2 * node + 2 : 2 * node + 1;
  }
  return node;
}

export function forestMargins(forest: Forest, bins: Uint8Array, n: number): Float64Array {
  const out = new Float64Array(n).fill(forest.base);
  const nodes = nodesPerTree(forest.depth);
  for (let t = 0; t < forest.rounds; t++) {
    for (let i = 0; i < n; i++) out[i]! += forest.value[t * nodes + leafOf(forest, t, bins, n, i)]!;
  }
  return out;
}

/**
 * Saabas contributions, n × p row-major: for each split on a row's path, the child's value minus
 * the node's, credited to the split column. `bias` + Σⱼ contributions = the row's margin.
 */
export function forestContributions(forest: Forest, bins: Uint8Array, n: number, p: number): { bias: number; contributions: Float64Array } {
  const out = new Float64Array(n * p);
  const nodes = nodesPerTree(forest.depth);
  let bias = forest.base;
  for (let t = 0; t < forest.rounds; t++) {
    const off = t * nodes;
    bias += forest.value[off]!;
    for (let i = 0; i < n; i++) {
      let node = 0;
      for (let level = 0; level < forest.depth; level++) {
        const f = forest.feature[off + node]!;
        const next = f >= 0 && bins[f * n + i]! > forest.bin[off + node]! ? 2 * node + 2 : 2 * node + 1;
        if (f >= 0) out[i * p + f]! += forest.value[off + next]! - forest.value[off + node]!;
        node = next;
      }
    }
  }
  return { bias, contributions: out };
}
