/**
 * Seeded randomness for the simulated platform. Every stream is an sfc32 generator whose state is
 * hashed from the run's seed and a stream name, so each learner, the catalog and the bots draw from
 * their own stream: adding one learner does not shift the choices of any other, and the same seed
 * always yields the same platform. Nothing here reads the clock or `Math.random`.
 *
 * @example
 *   const rng = new Rng(7, 'learner', 42);
 *   rng.next();              // a float in [0, 1)
 *   rng.int(6);              // 0..5
 *   rng.dirichlet(0.3, new Float64Array(12)); // sparse topic interests summing to 1
 */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number, ...stream: readonly (string | number)[]) {
    const [a, b, c, d] = hashToState(`${seed}|${stream.join('|')}`);
    this.#a = a;
    this.#b = b;
    this.#c = c;
    this.#d = d;
    // Warm-up: sfc32's first outputs still echo the seed's structure.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next unsigned 32-bit integer (sfc32). */
  uint32(): number {
    const t0 = (this.#a + this.#b) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#d = (this.#d + 1) | 0;
    const t = (t0 + this.#d) | 0;
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal by Box–Muller (one draw per call keeps streams easy to reason about). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** Exponential waiting time with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Gamma(shape, 1) by Marsaglia–Tsang; shapes below 1 use the u^(1/shape) boost. */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Symmetric Dirichlet(alpha) written into `out` (small alpha: mass on a few coordinates). */
  dirichlet(alpha: number, out: Float64Array): Float64Array {
    let sum = 0;
    for (let i = 0; i < out.length; i++) sum += out[i] = this.gamma(alpha) + 1e-12;
    for (let i = 0; i < out.length; i++) out[i]! /= sum;
    return out;
  }

  /** Poisson count by inversion (the simulator only uses small means). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  /** Index drawn in proportion to `weights` (linear scan; fine for a few dozen entries). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    return pickLinear(weights, this.next() * total);
  }

  /**
   * A time-ordered (RFC 9562 version 7) UUID for an instant: 48 bits of epoch milliseconds, then
   * random bits. Modern SDKs send these because ids that grow with time land at the end of the
   * store's unique message index instead of all over it, so a bulk load dirties few index pages per
   * commit. Ids of the same millisecond differ in their 74 random bits.
   */
  uuidAt(epochMs: number): string {
    // Written into one reused byte buffer: string concatenation would leave ~20 garbage pieces per id.
    const b = uuidBytes;
    const ms = Math.max(0, Math.floor(epochMs));
    writeHex(b, 0, Math.floor(ms / 0x10000), 8);
    writeHex(b, 9, ms % 0x10000, 4);
    writeHex(b, 14, (this.uint32() & 0x0fff) | 0x7000, 4);
    writeHex(b, 19, (this.uint32() & 0x3fff) | 0x8000, 4);
    writeHex(b, 24, this.uint32() >>> 16, 4);
    writeHex(b, 28, this.uint32(), 8);
    return b.toString('latin1', 0, 36);
  }
}

const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
const uuidBytes = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');

/** Write the low `digits` hex digits of `x` at `offset`. */
function writeHex(b: Buffer, offset: number, x: number, digits: number): void {
  for (let i = offset + digits - 1; i >= offset; i--) {
    b[i] = hexDigits[x & 15]!;
    x >>>= 4;
  }
}

/** cyrb128: a string hash spread over four 32-bit words, used only to seed sfc32. */
function hashToState(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Running sums of `weights` into `out` (out[i] = w[0] + … + w[i]), for repeated draws from one
 * distribution with `pickCumulative`.
 */
export function cumulativeWeights(weights: ArrayLike<number>, out: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}

/**
 * The first index whose running sum exceeds `target` (target in [0, total)), by binary search
 * over `cumulative`: O(log n) per draw. `pickLinear` is the obvious reference it is tested against.
 */
export function pickCumulative(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Reference for `pickCumulative`: scan the weights until their sum exceeds `target`. */
export function pickLinear(weights: ArrayLike<number>, target: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    if (sum > target) return i;
  }
  return weights.length - 1;
}
