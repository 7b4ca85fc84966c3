/**
 * Checks a `SavedModel` before a factory restores it: the right model, a format version this
 * code can read, and arrays of the expected kinds. A mismatch is an error that says what is wrong,
 * never a model that silently scores garbage.
 *
 * @example
 *   load(saved, data) {
 *     checkSaved(saved, 'itemknn', 1);
 *     const weights = savedArray(saved, 'weights', Float32Array);
 *   }
 */
import type { SavedModel } from './recommender.js';

export function checkSaved(saved: SavedModel, name: string, formatVersion: number): void {
  if (saved.name !== name) throw new Error(`saved model is "${saved.name}", not "${name}"`);
  if (saved.formatVersion !== formatVersion) {
    throw new Error(`saved ${name} model has format version ${saved.formatVersion}; this build reads version ${formatVersion}`);
  }
}

type ArrayCtor<T> = { new (length: number): T; readonly name: string };

/** One named array of the saved model, checked to be of the expected typed-array class. */
export function savedArray<T extends Float32Array | Float64Array | Int32Array | Uint8Array>(
  saved: SavedModel,
  key: string,
  ctor: ArrayCtor<T>,
): T {
  const value = saved.arrays[key];
  if (!(value instanceof (ctor as unknown as abstract new (...args: never[]) => T))) {
    throw new Error(`saved ${saved.name} model lacks array "${key}" of type ${ctor.name}`);
  }
  return value;
}
