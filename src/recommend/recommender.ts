/**
 * The one contract every recommender implements (popularity, itemknn, userknn, als, bpr, mf,
 * content, neural, hybrid). What is documented here holds for all of them, so an algorithm's own
 * file documents only its hyper-parameters.
 *
 * - **Indices, not ids.** Users and items are row/column indices of the `Interactions` the model
 *   was fitted on; callers map ids with `userIndex`/`itemIndex`.
 * - **Batch-first.** `recommend` and `similarItems` take many users/items and return parallel
 *   flat arrays: row r occupies `[r*k, (r+1)*k)`, best first; unfilled slots hold item -1 and
 *   score -Infinity.
 * - **Filters.** By default a user's training items are excluded (`filterSeen`); `exclude` is an
 *   item mask (1 = never return), `allow` restricts to a mask (1 = may return).
 * - **Determinism.** The same data, parameters and `seed` give the same model and the same output.
 * - **Purity.** Algorithms import neither storage nor HTTP; they see typed arrays only.
 * - **Persistence.** `save()` returns a `SavedModel` (name, format version, params, typed arrays);
 *   the registry's `load` restores it so that it scores exactly as before.
 */
import type { Interactions } from './interactions.js';

export type ProgressFn = (done: number, total: number, message?: string) => void;

export interface RecommendFilter {
  /** Exclude the user's training items (default true). */
  filterSeen?: boolean;
  /** Item mask, length nItems: 1 = never recommend. */
  exclude?: Uint8Array;
  /** Item mask, length nItems: 1 = may recommend; omitted = all items. */
  allow?: Uint8Array;
}

/** Parallel flat arrays, `k` slots per requested row, best first. */
export interface TopKResult {
  readonly k: number;
  readonly items: Int32Array;
  readonly scores: Float32Array;
}

/** A user's history given directly (for fold-in of fresh events without retraining). */
export interface SparseHistory {
  items: Int32Array;
  values: Float32Array;
  /** Latest interaction time of each item (epoch ms), for models that weigh recent history more. */
  times?: Float64Array;
}

export type ModelArrays = Record<string, Float32Array | Float64Array | Int32Array | Uint8Array>;

export interface SavedModel {
  name: string;
  formatVersion: number;
  params: Record<string, unknown>;
  arrays: ModelArrays;
  /** JSON-safe extras (id lists, fitted statistics). */
  meta: Record<string, unknown>;
}

export interface Recommender {
  readonly name: string;
  /** The hyper-parameters in force (defaults filled in). */
  readonly params: Readonly<Record<string, unknown>>;
  fit(data: Interactions, progress?: ProgressFn): Promise<void>;
  recommend(users: ArrayLike<number>, k: number, filter?: RecommendFilter): TopKResult;
  similarItems(items: ArrayLike<number>, k: number): TopKResult;
  /** Scores for every item given a user's fresh history, without retraining (where supported). */
  foldIn?(history: SparseHistory): Float32Array;
  /** Explicit-rating models: predicted rating for each (users[j], items[j]) pair. */
  predict?(users: ArrayLike<number>, items: ArrayLike<number>): Float32Array;
  save(): SavedModel;
}

/** A hyper-parameter's type, default and range, used by the CLI, `tune` and the API. */
export interface ParamSpec {
  type: 'int' | 'float' | 'bool' | 'string';
  default: number | boolean | string;
  /** Search range for `tune` (numbers); log-scale when `log` is set. */
  min?: number;
  max?: number;
  log?: boolean;
  choices?: readonly (string | number)[];
  description: string;
}

/** One registry entry: how to build, describe and restore a model. */
export interface RecommenderFactory {
  readonly name: string;
  readonly description: string;
  /** 'implicit' models rank items; 'explicit' models also predict ratings. */
  readonly feedback: 'implicit' | 'explicit';
  readonly params: Readonly<Record<string, ParamSpec>>;
  create(params?: Record<string, unknown>): Recommender;
  load(saved: SavedModel, data: Interactions): Recommender;
}
