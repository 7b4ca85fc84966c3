/**
 * Slow, obvious twins of the kernels in `linalg.ts`, written for clarity (arrays of arrays, no
 * unrolling, Gaussian elimination with partial pivoting). Tests check the fast kernels against
 * these; nothing in production calls them.
 *
 * @example
 *   const x = solveReference([[4, 1], [1, 3]], [1, 2]); // [0.0909…, 0.6363…]
 */

/** Σ_r y_r·y_rᵀ as an f × f array of arrays. */
export function gramianReference(y: Float32Array, n: number, f: number): number[][] {
  const g: number[][] = [];
  for (let a = 0; a < f; a++) {
    g.push([]);
    for (let b = 0; b < f; b++) {
      let s = 0;
      for (let r = 0; r < n; r++) s += y[r * f + a]! * y[r * f + b]!;
      g[a]!.push(s);
    }
  }
  return g;
}

/** Solves m·x = b by Gaussian elimination with partial pivoting. */
export function solveReference(m: number[][], b: number[]): number[] {
  const n = b.length;
  const a = m.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = c + 1; r < n; r++) {
      const factor = a[r]![c]! / a[c]![c]!;
      for (let k = c; k <= n; k++) a[r]![k]! -= factor * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= a[r]![k]! * x[k]!;
    x[r] = s / a[r]![r]!;
  }
  return x;
}
