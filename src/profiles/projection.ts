/**
 * A 2-D projection of standardised points for a scatter plot: principal component analysis on the
 * d × d covariance matrix, diagonalised by cyclic Jacobi rotations (d is a dozen features, so this
 * is exact and instant). Signs are fixed (largest loading positive) so plots do not flip between runs.
 *
 * @example
 *   const p = principalComponents(z, n, d, 2);
 *   p.scores[i * 2], p.scores[i * 2 + 1];  // x, y of point i
 *   p.explained;                            // [0.38, 0.21]
 */
export interface Projection {
  /** components × d, row-major: unit vectors. */
  components: Float64Array;
  /** Share of total variance along each component. */
  explained: number[];
  /** n × components, row-major. */
  scores: Float64Array;
}

/** Eigen-decomposition of a symmetric matrix (row-major, d × d) by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p]!;
          const mkq = m[k * d + q]!;
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k]!;
          const mqk = m[q * d + k]!;
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = m[i * d + i]!;
  // Columns of v are the eigenvectors; return them as rows.
  const vectors = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) vectors[i * d + k] = v[k * d + i]!;
  return { values, vectors };
}

export function principalComponents(x: Float64Array, n: number, d: number, count = 2): Projection {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += x[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = x[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += xa * (x[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[b * d + a] = cov[a * d + b]! /= Math.max(1, n - 1);
  const { values, vectors } = symmetricEigen(cov, d);
  const order = Array.from({ length: d }, (_, i) => i).sort((p, q) => values[q]! - values[p]!);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0) || 1;
  const k = Math.min(count, d);
  const components = new Float64Array(k * d);
  const explained: number[] = [];
  for (let c = 0; c < k; c++) {
    const row = vectors.subarray(order[c]! * d, order[c]! * d + d);
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(row[j]!) > Math.abs(row[big]!)) big = j;
    const sign = row[big]! < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * row[j]!;
    explained.push(Math.max(0, values[order[c]!]!) / total);
  }
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - mean[j]!) * components[c * d + j]!;
      scores[i * k + c] = s;
    }
  }
  return { components, explained, scores };
}
