import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeModel, encodeModel } from '../../src/recommend/model-codec.js';

it('round-trips every array type, params and meta exactly', () => {
  const saved = {
    name: 'als', formatVersion: 3, params: { factors: 4, alpha: 2.5 }, meta: { itemIds: ['a', '课程'] },
    arrays: {
      f: Float32Array.from([1.5, -2, 3e-8]), d: Float64Array.from([Math.PI]), i: Int32Array.from([-1, 7, 9]),
      u: Uint8Array.from([1, 0, 1, 1, 1]), empty: new Float32Array(0),
    },
  };
  const back = decodeModel(encodeModel(saved));
  assert.deepEqual(back, saved);
  assert.throws(() => decodeModel(Buffer.from('garbage-bytes')), /not a saved/);
});
