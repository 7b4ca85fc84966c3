import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getRecommender, parseParams, recommenders } from '../../src/recommend/registry.js';
import { ParamError, resolveParams } from '../../src/recommend/params.js';
import type { ParamSpec } from '../../src/recommend/recommender.js';

const specs: Record<string, ParamSpec> = {
  neighbours: { type: 'int', default: 100, min: 1, max: 1000, description: 'n' },
  shrink: { type: 'float', default: 10, min: 0, max: 500, description: 's' },
  normalize: { type: 'bool', default: true, description: 'b' },
  weighting: { type: 'string', default: 'none', choices: ['none', 'bm25'], description: 'w' },
};

function paramErrorNaming(name: string) {
  return (err: unknown) => err instanceof ParamError && err.param === name && err.message.includes(`"${name}"`);
}

describe('registry', () => {
  it('maps each name to a factory of that name', () => {
    assert.ok(recommenders.size > 0);
    for (const [name, factory] of recommenders) {
      assert.equal(factory.name, name);
      for (const [key, spec] of Object.entries(factory.params)) {
        assert.doesNotThrow(() => resolveParams(factory.params, { [key]: spec.default }), `${name}.${key} default is out of its own range`);
      }
    }
  });

  it('names the known models when a name is unknown', () => {
    assert.throws(() => getRecommender('nope'), (err: Error) => err.message.includes('popularity') && err.message.includes('"nope"'));
  });

  it('parses string values by type for a registered model', () => {
    assert.deepEqual(parseParams(getRecommender('popularity'), { halfLifeDays: '7', weighting: 'value' }), { halfLifeDays: 7, weighting: 'value' });
  });
});

describe('parameters', () => {
  const factory = { ...getRecommender('popularity'), params: specs };

  it('converts strings to the declared types', () => {
    assert.deepEqual(parseParams(factory, { neighbours: '50', shrink: '2.5', normalize: 'false', weighting: 'bm25' }),
      { neighbours: 50, shrink: 2.5, normalize: false, weighting: 'bm25' });
  });

  it('names the parameter that is unknown, mistyped or out of range', () => {
    assert.throws(() => parseParams(factory, { neighbors: '5' }), (err: unknown) => paramErrorNaming('neighbors')(err) && (err as Error).message.includes('neighbours'));
    assert.throws(() => parseParams(factory, { neighbours: 'many' }), paramErrorNaming('neighbours'));
    assert.throws(() => parseParams(factory, { neighbours: '2.5' }), paramErrorNaming('neighbours'));
    assert.throws(() => parseParams(factory, { neighbours: '0' }), paramErrorNaming('neighbours'));
    assert.throws(() => parseParams(factory, { shrink: '501' }), paramErrorNaming('shrink'));
    assert.throws(() => parseParams(factory, { normalize: 'maybe' }), paramErrorNaming('normalize'));
    assert.throws(() => parseParams(factory, { weighting: 'tfidf' }), paramErrorNaming('weighting'));
    assert.throws(() => parseParams(factory, { shrink: '' }), paramErrorNaming('shrink'));
  });

  it('fills defaults and checks typed values', () => {
    assert.deepEqual(resolveParams(specs, { shrink: 0 }), { neighbours: 100, shrink: 0, normalize: true, weighting: 'none' });
    assert.throws(() => resolveParams(specs, { normalize: 'true' }), paramErrorNaming('normalize'));
    assert.throws(() => resolveParams(specs, { other: 1 }), paramErrorNaming('other'));
  });
});
