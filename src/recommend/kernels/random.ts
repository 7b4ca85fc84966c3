/**
 * A small, fast, seeded pseudo-random generator (SplitMix32-style mixing over a 32-bit counter) so
 * that splits, sampling and random search reproduce exactly from a seed on every platform.
 *
 * @example
 *   const rand = seededRandom(42);
 *   rand(); // a float in [0, 1)
 *   shuffleInPlace(order, rand);
 */
export type RandomFn = () => number;

export function seededRandom(seed: number): RandomFn {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    return (z >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle driven by `rand`. */
export function shuffleInPlace(values: Int32Array | number[], rand: RandomFn): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
}
