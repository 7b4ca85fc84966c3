/**
 * A fitted churn model — logistic regression or boosted trees — with everything scoring needs: the
 * design spec, the column scaling (logistic) or bin cuts (trees), the parameters and the Platt
 * calibration. It scores learners' inputs into calibrated probabilities and per-feature
 * contributions to the log-odds (coefficient × standardised deviation from the training mean for
 * the logistic model, Saabas path contributions for trees), and round-trips through `SavedModel`.
 *
 * @example
 *   const model = fitChurnModel('gbt', spec, x, y, defaultChurnParams);
 *   const { probability, contributions } = model.score(inputs);
 *   saveModel(db, projectId, model.save(meta), metrics);
 */
import { fitScaling, zScore, type Scaling } from '../profiles/standardise.js';
import type { SavedModel } from '../recommend/recommender.js';
import { checkSaved, savedArray } from '../recommend/saved-model.js';
import { designMatrix, type ChurnInputs, type DesignSpec } from './design.js';
import { applyBins, binCounts, fitBins, type BinCuts } from './kernels/binning.js';
import { calibrated, type Platt } from './kernels/calibration.js';
import { fitForest, forestContributions, forestMargins, type Forest, type GbtOptions } from './kernels/gbt.js';
import { fitLogistic, logisticMargins } from './kernels/logistic.js';

export const churnModelKinds = ['logistic', 'gbt'] as const;
export type ChurnModelKind = (typeof churnModelKinds)[number];

export interface ChurnParams {
  /** L2 penalty λ of the logistic model. */
  l2: number;
  gbt: GbtOptions;
  maxBins: number;
}

export const defaultChurnParams: ChurnParams = Object.freeze({
  l2: 1,
  gbt: Object.freeze({ rounds: 150, depth: 3, learningRate: 0.1, l2: 1, minChildWeight: 5 }),
  maxBins: 32,
});

export const churnFormatVersion = 1;

export interface ChurnScoring {
  margin: Float64Array;
  probability: Float64Array;
  /** n × p row-major, per design column, in log-odds. */
  contributions: Float64Array;
}

export class ChurnModel {
  platt: Platt = { a: 1, b: 0 };

  constructor(
    readonly kind: ChurnModelKind,
    readonly spec: DesignSpec,
    readonly params: ChurnParams,
    readonly scaling: Scaling | null,
    readonly weights: Float64Array | null,
    readonly cuts: BinCuts | null,
    readonly forest: Forest | null,
  ) {}

  get columns(): number {
    return this.spec.columns.length;
  }

  /** Uncalibrated log-odds of a raw design matrix (n rows). */
  margins(x: Float64Array, n: number): Float64Array {
    const p = this.columns;
    if (this.kind === 'logistic') return logisticMargins(this.#standardised(x, n), n, p, this.weights!);
    return forestMargins(this.forest!, applyBins(x, n, p, this.cuts!), n);
  }

  score(inputs: ChurnInputs): ChurnScoring {
    const n = inputs.userIds.length;
    const p = this.columns;
    const x = designMatrix(this.spec, inputs);
    let margin: Float64Array;
    let contributions: Float64Array;
    if (this.kind === 'logistic') {
      const z = this.#standardised(x, n);
      margin = logisticMargins(z, n, p, this.weights!);
      contributions = new Float64Array(n * p);
      for (let i = 0; i < n * p; i++) contributions[i] = this.weights![i % p]! * z[i]!;
    } else {
      const bins = applyBins(x, n, p, this.cuts!);
      margin = forestMargins(this.forest!, bins, n);
      contributions = forestContributions(this.forest!, bins, n, p).contributions;
    }
    const probability = new Float64Array(n);
    for (let i = 0; i < n; i++) probability[i] = calibrated(this.platt, margin[i]!);
    return { margin, probability, contributions };
  }

  save(meta: Record<string, unknown>, name: string): SavedModel {
    const arrays: SavedModel['arrays'] = {};
    if (this.weights) arrays.weights = this.weights;
    if (this.scaling) {
      arrays.mean = Float64Array.from(this.scaling.mean);
      arrays.sd = Float64Array.from(this.scaling.sd);
    }
    if (this.cuts) {
      arrays.cutValues = this.cuts.values;
      arrays.cutOffsets = this.cuts.offsets;
    }
    if (this.forest) {
      arrays.treeFeature = this.forest.feature;
      arrays.treeBin = this.forest.bin;
      arrays.treeValue = this.forest.value;
    }
    return {
      name, formatVersion: churnFormatVersion,
      params: {
        kind: this.kind, logisticL2: this.params.l2, maxBins: this.params.maxBins, rounds: this.params.gbt.rounds, depth: this.params.gbt.depth,
        learningRate: this.params.gbt.learningRate, treeL2: this.params.gbt.l2, minChildWeight: this.params.gbt.minChildWeight,
      },
      arrays,
      meta: { ...meta, spec: this.spec, platt: this.platt, forestBase: this.forest?.base ?? null },
    };
  }

  static load(saved: SavedModel, name: string): ChurnModel {
    checkSaved(saved, name, churnFormatVersion);
    const p = saved.params as Record<string, number | string>;
    const kind = p.kind as ChurnModelKind;
    if (!churnModelKinds.includes(kind)) throw new Error(`saved churn model has unknown kind "${String(kind)}"`);
    const params: ChurnParams = {
      l2: Number(p.logisticL2), maxBins: Number(p.maxBins),
      gbt: { rounds: Number(p.rounds), depth: Number(p.depth), learningRate: Number(p.learningRate), l2: Number(p.treeL2), minChildWeight: Number(p.minChildWeight) },
    };
    const spec = saved.meta.spec as DesignSpec;
    let model: ChurnModel;
    if (kind === 'logistic') {
      const mean = Array.from(savedArray(saved, 'mean', Float64Array));
      const scaling: Scaling = { transforms: mean.map(() => 'none'), mean, sd: Array.from(savedArray(saved, 'sd', Float64Array)) };
      model = new ChurnModel(kind, spec, params, scaling, savedArray(saved, 'weights', Float64Array), null, null);
    } else {
      const feature = savedArray(saved, 'treeFeature', Int32Array);
      const forest: Forest = {
        depth: params.gbt.depth, rounds: params.gbt.rounds, base: Number(saved.meta.forestBase),
        feature, bin: savedArray(saved, 'treeBin', Int32Array), value: savedArray(saved, 'treeValue', Float64Array),
      };
      const cuts = { values: savedArray(saved, 'cutValues', Float64Array), offsets: savedArray(saved, 'cutOffsets', Int32Array) };
      model = new ChurnModel(kind, spec, params, null, null, cuts, forest);
    }
    model.platt = saved.meta.platt as Platt;
    return model;
  }

  #standardised(x: Float64Array, n: number): Float64Array {
    const p = this.columns;
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = zScore(this.scaling!, j, x[i * p + j]!);
    return z;
  }
}

/** Fits one kind of churn model on a raw design matrix (n × p) and labels. */
export function fitChurnModel(kind: ChurnModelKind, spec: DesignSpec, x: Float64Array, y: Uint8Array, params: ChurnParams = defaultChurnParams): ChurnModel {
  const p = spec.columns.length;
  const n = y.length;
  if (kind === 'logistic') {
    const columns = Array.from({ length: p }, (_, j) => {
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) col[i] = x[i * p + j]!;
      return col;
    });
    const scaling = fitScaling(columns, columns.map(() => 'none'));
    const model = new ChurnModel(kind, spec, params, scaling, new Float64Array(p + 1), null, null);
    const z = new Float64Array(n * p);
    for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) z[i * p + j] = zScore(scaling, j, x[i * p + j]!);
    model.weights!.set(fitLogistic(z, y, n, p, { l2: params.l2 }));
    return model;
  }
  const cuts = fitBins(x, n, p, params.maxBins);
  const forest = fitForest(applyBins(x, n, p, cuts), n, p, binCounts(cuts, p), y, params.gbt);
  return new ChurnModel(kind, spec, params, null, null, cuts, forest);
}
