/**
 * The slow, obvious logistic regression the Newton kernel is checked against: plain gradient
 * descent on the same penalised loss, over arrays of rows, until the gradient vanishes.
 *
 * @example
 *   fitLogisticReference([[0.1, 2], [1, -1]], [0, 1], 1); // [w0, w1, intercept]
 */
export function fitLogisticReference(rows: readonly number[][], y: readonly number[], l2: number, iterations = 20_000): number[] {
  const d = rows[0]?.length ?? 0;
  const w = new Array<number>(d + 1).fill(0);
  // A safe step: the loss's curvature is at most ¼·‖x‖² per row plus λ.
  const curvature = rows.reduce((s, r) => s + 0.25 * (1 + r.reduce((t, v) => t + v * v, 0)), 0) + l2;
  const rate = 1 / curvature;
  for (let it = 0; it < iterations; it++) {
    const grad = new Array<number>(d + 1).fill(0);
    rows.forEach((r, i) => {
      const m = r.reduce((s, v, j) => s + v * w[j]!, w[d]!);
      const p = 1 / (1 + Math.exp(-m));
      r.forEach((v, j) => { grad[j]! += (p - y[i]!) * v; });
      grad[d]! += p - y[i]!;
    });
    for (let j = 0; j < d; j++) grad[j]! += l2 * w[j]!;
    let norm = 0;
    for (let j = 0; j <= d; j++) {
      w[j]! -= rate * grad[j]!;
      norm = Math.max(norm, Math.abs(grad[j]!));
    }
    if (norm < 1e-10) break;
  }
  return w;
}
