/**
 * A small, fast, seedable pseudo-random generator for training kernels: sfc32 (Chris Doty-Humphrey's
 * Small Fast Counting generator, 128-bit state, passes PractRand to 2^40+), seeded through
 * splitmix32 so that nearby seeds give unrelated streams. Deterministic across platforms: the same
 * seed always gives the same sequence, which is what makes "same seed → same model" hold.
 *
 * Unlike the closure of `random.ts` (for splits and one-off draws), this is a class with its state in
 * a 4-slot Uint32Array, so training loops that draw millions of numbers (BPR's sampling, factor
 * initialisation) get monomorphic, inlinable calls with no allocation.
 *
 * @example
 *   const rng = new Random(42);
 *   rng.int(10);     // an integer in [0, 10)
 *   rng.float();     // a float in [0, 1)
 *   rng.normal();    // a standard normal draw
 */
export class Random {
  readonly s = new Uint32Array(4);

  constructor(seed: number) {
    // splitmix32 expands one 32-bit seed into four well-mixed words.
    let x = seed >>> 0;
    for (let k = 0; k < 4; k++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[k] = (z ^ (z >>> 16)) >>> 0;
    }
    // Discard the first outputs: sfc32 mixes its state during its first dozen steps.
    for (let k = 0; k < 12; k++) this.next();
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const s = this.s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[3] = (d + 1) >>> 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) >>> 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [0, n) for 0 < n ≤ 2^32 (multiply-shift; bias below 2^-32·n, negligible). */
  int(n: number): number {
    return Math.floor((this.next() / 4294967296) * n);
  }

  /** Standard normal draw (Box–Muller; one of the pair is discarded to keep the state simple). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Fills `out` with normal draws times `scale`. */
  fillNormal(out: Float32Array, scale: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.normal() * scale;
    return out;
  }

  /** Fills `out` with uniform draws in [0, scale). */
  fillUniform(out: Float32Array, scale: number): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = this.float() * scale;
    return out;
  }

  /** In-place Fisher–Yates shuffle of an index array. */
  shuffle(a: Int32Array): Int32Array {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return a;
  }
}
