/**
 * Every recommender by name: one explicit map, one line per model, no registration by import side
 * effect. The CLI, `tune`, the evaluation runner, the bench and the server all look models up here.
 *
 * @example
 *   const factory = getRecommender('itemknn');
 *   const model = factory.create(parseParams(factory, { neighbours: '50' }));
 *   await model.fit(data);
 */
import type { RecommenderFactory } from './recommender.js';
import { parseParamStrings, type ParamValues } from './params.js';
import { popularity } from './algorithms/popularity.js';
import { itemknn } from './algorithms/itemknn.js';
import { userknn } from './algorithms/userknn.js';
import { content } from './algorithms/content.js';
import { hybridFactory } from './algorithms/hybrid.js';
import { als } from './algorithms/als.js';
import { bpr } from './algorithms/bpr.js';
import { mf } from './algorithms/mf.js';

export const recommenders: ReadonlyMap<string, RecommenderFactory> = new Map<string, RecommenderFactory>([
  ['popularity', popularity],
  ['itemknn', itemknn],
  ['userknn', userknn],
  ['content', content],
  ['als', als],
  ['bpr', bpr],
  ['mf', mf],
  ['hybrid', hybridFactory((name) => getRecommender(name))],
]);

/** The factory registered under `name`; an unknown name is an error listing the known ones. */
export function getRecommender(name: string): RecommenderFactory {
  const factory = recommenders.get(name);
  if (factory === undefined) {
    throw new Error(`unknown model "${name}"; known models: ${[...recommenders.keys()].join(', ')}`);
  }
  return factory;
}

/**
 * Turns `key → 'string value'` pairs (CLI `--param`, query strings) into typed values checked
 * against the factory's ParamSpecs; a wrong name, type or range throws a `ParamError` naming it.
 * Only the given keys are returned: `factory.create` fills the defaults.
 */
export function parseParams(factory: RecommenderFactory, given: Readonly<Record<string, string>>): ParamValues {
  return parseParamStrings(factory.params, given);
}
