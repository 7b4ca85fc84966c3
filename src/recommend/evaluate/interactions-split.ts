/**
 * Offline evaluation data from a project's own interaction matrix (what the recommenders train on),
 * split by the same protocols as rating files: each (learner, product) cell becomes one row with
 * its strength and the time of its latest signal, and `splitTable` cuts the rows. The time-ordered
 * `holdout` is the default: each learner's latest products are what the model must find.
 *
 * @example
 *   const { interactions } = await loadTrainingData(db, 'default');
 *   const data = evaluationDataFromInteractions(interactions, 'holdout');
 *   const run = await evaluateModel(getRecommender('itemknn'), {}, data, { protocol: 'holdout', k: 10 });
 */
import type { Interactions } from '../interactions.js';
import { evaluationData, type EvaluationData } from './dataset.js';
import { splitTable, type Protocol, type SplitOptions } from './protocols.js';
import { newIdSpace, selectRows, type IdSpace, type RatingTable } from './rating-table.js';

/** The matrix as a rating table: one row per stored cell, codes = the matrix's own indices. */
export function tableFromInteractions(m: Interactions): { table: RatingTable; ids: IdSpace } {
  const ids = newIdSpace();
  m.userIds.forEach((id, u) => { ids.userIds.push(id); ids.userIndex.set(id, u); });
  m.itemIds.forEach((id, i) => { ids.itemIds.push(id); ids.itemIndex.set(id, i); });
  const n = m.indptr[m.nUsers]!;
  const user = new Int32Array(n);
  for (let u = 0; u < m.nUsers; u++) user.fill(u, m.indptr[u]!, m.indptr[u + 1]!);
  const table: RatingTable = {
    length: n, user, item: m.indices.slice(0, n), rating: Float32Array.from(m.values.subarray(0, n)),
    timestamp: Float64Array.from(m.times.subarray(0, n)),
  };
  return { table, ids };
}

/**
 * Train and test for `protocol` (not `ratings`: strengths are not stars), training on the strengths
 * the serving models learn from.
 */
export function evaluationDataFromInteractions(m: Interactions, protocol: Exclude<Protocol, 'ratings'> = 'holdout', options: SplitOptions = {}): EvaluationData {
  const { table, ids } = tableFromInteractions(m);
  const split = splitTable(table, ids, protocol, options);
  return evaluationData(selectRows(table, split.train), selectRows(table, split.test), ids, 'rating');
}
