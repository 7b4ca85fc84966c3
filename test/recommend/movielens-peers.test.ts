/**
 * The check that protocols and metrics mean what the peers meant: on the shared MovieLens files,
 * our splits of ratings.csv equal the published split files row for row, and popularity scores
 * exactly what PEERS.md reports. Skipped only when the data directory is absent.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { formatRatings, newIdSpace, parseRatings } from '../../src/recommend/evaluate/rating-table.js';
import { splitTable, type Protocol } from '../../src/recommend/evaluate/protocols.js';
import { evaluationDataFromText } from '../../src/recommend/evaluate/dataset.js';
import { evaluateModel } from '../../src/recommend/evaluate/runner.js';
import { popularity } from '../../src/recommend/algorithms/popularity.js';
import type { RankingMetrics } from '../../src/recommend/evaluate/metrics.js';

const dir = process.env.LEARNLOOP_MOVIELENS_DIR ?? '/work/shared/data/ml-latest-small';
const skip = existsSync(dir) ? false : `no MovieLens data at ${dir}`;
const read = (name: string) => readFileSync(`${dir}/${name}`, 'utf8');
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

describe('MovieLens latest-small against PEERS.md', { skip }, () => {
  it('splits ratings.csv into exactly the published loo, user80 and temporal80 files', () => {
    const ids = newIdSpace();
    const table = parseRatings(read('ratings.csv'), ids);
    const lines = (text: string) => new Set(text.trim().split('\n').slice(1));
    for (const [protocol, prefix] of [['loo', 'loo'], ['holdout', 'user80'], ['temporal', 'temporal80']] as Array<[Protocol, string]>) {
      const split = splitTable(table, ids, protocol);
      for (const part of ['train', 'test'] as const) {
        assert.deepEqual(lines(formatRatings(table, ids, split[part])), lines(read(`splits/${prefix}_${part}.tsv`)), `${prefix}_${part}`);
      }
    }
  });

  const cases: Array<[Protocol, string, Record<keyof RankingMetrics, number>, number]> = [
    ['loo', 'loo', { hr: 0.0426, precision: 0.0043, recall: 0.0426, ndcg: 0.0194, map: 0.0125, coverage: 0.0125 }, 610],
    ['holdout', 'user80', { hr: 0.3902, precision: 0.0748, recall: 0.0389, ndcg: 0.0885, map: 0.0426, coverage: 0.0101 }, 610],
    ['temporal', 'temporal80', { hr: 0.3571, precision: 0.1, recall: 0.0292, ndcg: 0.1099, map: 0.0694, coverage: 0.0069 }, 28],
  ];
  for (const [protocol, prefix, expected, users] of cases) {
    it(`reproduces popularity on ${prefix} to the fourth decimal`, async () => {
      const data = evaluationDataFromText(read(`splits/${prefix}_train.tsv`), read(`splits/${prefix}_test.tsv`), 'binary');
      const run = await evaluateModel(popularity, {}, data, { protocol });
      const m = run.report.metrics as RankingMetrics;
      assert.equal(run.warmUsers, users);
      assert.equal(data.catalogSize, 9724);
      for (const key of Object.keys(expected) as Array<keyof RankingMetrics>) {
        assert.equal(round4(m[key]), expected[key], `${key}: ${m[key]}`);
      }
    });
  }
});
