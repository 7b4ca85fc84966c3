/**
 * The slow, obvious ALS row solve that the fast solvers (`als-solve.ts`, `als-woodbury.ts`) are
 * tested against: it forms YᵀC_uY + λI over every item explicitly, without the YᵀY trick, and
 * solves it by Gaussian elimination. Never used in production.
 *
 * @example
 *   const x = alsRowReference(items, values, itemFactors, nItems, f, lambda, alpha);
 */
import { solveReference } from './linalg-reference.js';

export function alsRowReference(
  items: ArrayLike<number>, values: ArrayLike<number>, y: Float32Array, nItems: number,
  f: number, lambda: number, alpha: number,
): number[] {
  const confidence = new Array<number>(nItems).fill(1);
  const preference = new Array<number>(nItems).fill(0);
  for (let k = 0; k < items.length; k++) {
    const v = values[k]!;
    confidence[items[k]!] = 1 + alpha * Math.abs(v);
    preference[items[k]!] = v > 0 ? 1 : 0;
  }
  const a: number[][] = [];
  const b: number[] = [];
  for (let r = 0; r < f; r++) {
    a.push([]);
    let s = 0;
    for (let i = 0; i < nItems; i++) s += confidence[i]! * preference[i]! * y[i * f + r]!;
    b.push(s);
    for (let c = 0; c < f; c++) {
      let t = r === c ? lambda : 0;
      for (let i = 0; i < nItems; i++) t += confidence[i]! * y[i * f + r]! * y[i * f + c]!;
      a[r]!.push(t);
    }
  }
  return solveReference(a, b);
}
