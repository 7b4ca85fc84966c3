/**
 * Dense linear-algebra kernels for factor models: row-major factor matrices in flat Float32Arrays
 * (row r of an n × f matrix occupies `[r*f, (r+1)*f)`), small f × f systems in Float64Arrays.
 *
 * Inner products are unrolled four ways with independent accumulators: V8 then keeps the four
 * sums in registers, which measured ~1.5× faster than a single accumulator on this machine.
 * The slow, obvious twins live in `linalg-reference.ts` and tests compare the two.
 *
 * @example
 *   const g = new Float64Array(f * f);
 *   gramian(itemFactors, nItems, f, g);          // g = YᵀY
 *   const a = g.slice(); addDiagonal(a, f, 0.1); // a = YᵀY + 0.1·I
 *   choleskySolve(a, f, rhs);                    // rhs ← a⁻¹·rhs
 */

/** Dot product of row `ao` of `a` and row `bo` of `b` (offsets in elements), length f. */
export function dotRows(a: Float32Array, ao: number, b: Float32Array, bo: number, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = f & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += a[ao + j]! * b[bo + j]!;
    s1 += a[ao + j + 1]! * b[bo + j + 1]!;
    s2 += a[ao + j + 2]! * b[bo + j + 2]!;
    s3 += a[ao + j + 3]! * b[bo + j + 3]!;
  }
  for (; j < f; j++) s0 += a[ao + j]! * b[bo + j]!;
  return s0 + s1 + s2 + s3;
}

/** Dot product of a factor row (`a` at offset `ao`) with a dense Float64 vector `v`, length f. */
export function dotRowVec(a: Float32Array, ao: number, v: Float64Array, f: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = f & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    s0 += a[ao + j]! * v[j]!;
    s1 += a[ao + j + 1]! * v[j + 1]!;
    s2 += a[ao + j + 2]! * v[j + 2]!;
    s3 += a[ao + j + 3]! * v[j + 3]!;
  }
  for (; j < f; j++) s0 += a[ao + j]! * v[j]!;
  return s0 + s1 + s2 + s3;
}

/** out += scale · a[ao .. ao+f) */
export function axpyRow(scale: number, a: Float32Array, ao: number, out: Float64Array, f: number): void {
  const end = f & ~3;
  let j = 0;
  for (; j < end; j += 4) {
    out[j]! += scale * a[ao + j]!;
    out[j + 1]! += scale * a[ao + j + 1]!;
    out[j + 2]! += scale * a[ao + j + 2]!;
    out[j + 3]! += scale * a[ao + j + 3]!;
  }
  for (; j < f; j++) out[j]! += scale * a[ao + j]!;
}

/** out = m · v for a dense symmetric (or any square) f × f matrix `m`. */
export function matVec(m: Float64Array, v: Float64Array, f: number, out: Float64Array): void {
  const end = f & ~3;
  for (let i = 0; i < f; i++) {
    const o = i * f;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let j = 0;
    for (; j < end; j += 4) {
      s0 += m[o + j]! * v[j]!;
      s1 += m[o + j + 1]! * v[j + 1]!;
      s2 += m[o + j + 2]! * v[j + 2]!;
      s3 += m[o + j + 3]! * v[j + 3]!;
    }
    for (; j < f; j++) s0 += m[o + j]! * v[j]!;
    out[i] = s0 + s1 + s2 + s3;
  }
}

/**
 * out = Σ_r y_r·y_rᵀ over the rows of the n × f matrix `y` (full symmetric f × f, both triangles
 * written). Rows are copied in blocks into a column-major Float64 buffer so that each (a, b) entry
 * becomes a contiguous, unrolled dot product: about twice as fast as rank-1 updates row by row.
 */
export function gramian(y: Float32Array, n: number, f: number, out: Float64Array): void {
  const block = gramBlockRows;
  const t = new Float64Array(f * block);
  out.fill(0);
  for (let r0 = 0; r0 < n; r0 += block) {
    const m = Math.min(block, n - r0);
    for (let r = 0; r < m; r++) {
      const o = (r0 + r) * f;
      for (let a = 0; a < f; a++) t[a * block + r] = y[o + a]!;
    }
    const end = m & ~3;
    for (let a = 0; a < f; a++) {
      const ao = a * block;
      for (let b = a; b < f; b++) {
        const bo = b * block;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let r = 0;
        for (; r < end; r += 4) {
          s0 += t[ao + r]! * t[bo + r]!;
          s1 += t[ao + r + 1]! * t[bo + r + 1]!;
          s2 += t[ao + r + 2]! * t[bo + r + 2]!;
          s3 += t[ao + r + 3]! * t[bo + r + 3]!;
        }
        for (; r < m; r++) s0 += t[ao + r]! * t[bo + r]!;
        out[a * f + b]! += s0 + s1 + s2 + s3;
      }
    }
  }
  for (let a = 0; a < f; a++) for (let b = a + 1; b < f; b++) out[b * f + a] = out[a * f + b]!;
}

/** Rows per block of `gramian`: a block of 64 factors × 128 rows in float64 fits in L2 (64 KiB). */
const gramBlockRows = 128;

/** m += lambda · I */
export function addDiagonal(m: Float64Array, f: number, lambda: number): void {
  for (let a = 0; a < f; a++) m[a * f + a]! += lambda;
}

/**
 * Solves a·x = b in place for a symmetric positive-definite f × f matrix: `a` is overwritten by
 * its Cholesky factor (lower triangle), `b` by x. Returns false (leaving b unspecified) when `a`
 * is not positive definite.
 */
export function choleskySolve(a: Float64Array, f: number, b: Float64Array): boolean {
  if (!choleskyFactor(a, f)) return false;
  choleskySubstitute(a, f, b);
  return true;
}

/** In-place Cholesky factorisation a = L·Lᵀ (L in the lower triangle); false if not positive definite. */
export function choleskyFactor(a: Float64Array, f: number): boolean {
  for (let j = 0; j < f; j++) {
    const rj = j * f;
    let d = a[rj + j]!;
    for (let k = 0; k < j; k++) d -= a[rj + k]! * a[rj + k]!;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      const ri = i * f;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/** Given L from `choleskyFactor`, overwrites b with (L·Lᵀ)⁻¹·b. */
export function choleskySubstitute(l: Float64Array, f: number, b: Float64Array): void {
  for (let i = 0; i < f; i++) {
    const ri = i * f;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < f; k++) s -= l[k * f + i]! * b[k]!;
    b[i] = s / l[i * f + i]!;
  }
}

/** The inverse of a symmetric positive-definite f × f matrix (a is left unchanged); null if not SPD. */
export function invertSpd(a: Float64Array, f: number): Float64Array | null {
  const l = a.slice();
  if (!choleskyFactor(l, f)) return null;
  const inv = new Float64Array(f * f);
  const col = new Float64Array(f);
  for (let c = 0; c < f; c++) {
    col.fill(0);
    col[c] = 1;
    choleskySubstitute(l, f, col);
    for (let r = 0; r < f; r++) inv[r * f + c] = col[r]!;
  }
  return inv;
}

/** Euclidean norm of each row of an n × f matrix. */
export function rowNorms(y: Float32Array, n: number, f: number): Float32Array {
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) out[r] = Math.sqrt(dotRows(y, r * f, y, r * f, f));
  return out;
}
