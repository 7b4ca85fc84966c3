import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';

/**
 * Runs the CLI in-process and captures the text it writes. Buffers pass through untouched: the
 * test runner reports to its parent over the same stdout, in binary.
 */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = (into: string[], original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') { into.push(chunk); return true; }
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out, write.out);
  process.stderr.write = capture(err, write.err);
  try {
    const code = await main(argv);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}

describe('learnloop split / evaluate / tune', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'learnloop-eval-'));
    const lines = ['userId,movieId,rating,timestamp'];
    for (let u = 0; u < 30; u++) for (let j = 0; j < 8; j++) lines.push(`${u},${(u % 3) * 10 + ((u + j) % 10)},${1 + ((u + j) % 5)},${1000 + u * 10 + j}`);
    writeFileSync(join(dir, 'ratings.csv'), lines.join('\n') + '\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('splits a CSV into protocol files', async () => {
    const r = await cli('split', '--protocol', 'holdout', '--json', join(dir, 'ratings.csv'), dir);
    assert.equal(r.code, 0, r.err);
    const summary = JSON.parse(r.out);
    assert.equal(summary.trainRows + summary.testRows, 240);
    assert.equal(summary.testRows, 30 * 2);
    assert.match(readFileSync(join(dir, 'holdout_test.tsv'), 'utf8'), /^user\titem\trating\ttimestamp\n/);
  });

  it('prints exactly one JSON object of the documented shape with --json', async () => {
    await cli('split', '--protocol', 'loo', join(dir, 'ratings.csv'), dir);
    const r = await cli('evaluate', '--train', join(dir, 'loo_train.tsv'), '--test', join(dir, 'loo_test.tsv'),
      '--protocol', 'loo', '--model', 'itemknn', '--param', 'neighbours=5', '--k', '5', '--json');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 1);
    const report = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(report), ['model', 'protocol', 'k', 'metrics', 'cold', 'train_seconds', 'params']);
    assert.deepEqual(Object.keys(report.metrics), ['hr', 'ndcg', 'precision', 'recall', 'map', 'coverage']);
    assert.deepEqual(Object.keys(report.cold), ['users', 'metrics']);
    assert.equal(report.k, 5);
    assert.equal(report.params.neighbours, 5);
  });

  it('prints a readable table without --json', async () => {
    const r = await cli('evaluate', '--train', join(dir, 'loo_train.tsv'), '--test', join(dir, 'loo_test.tsv'), '--protocol', 'loo', '--model', 'popularity');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /NDCG@10/);
    assert.match(r.out, /with history\s+30/);
  });

  it('answers usage errors clearly: bad parameter, unknown model, ratings without predict', async () => {
    const base = ['evaluate', '--train', join(dir, 'loo_train.tsv'), '--test', join(dir, 'loo_test.tsv')];
    let r = await cli(...base, '--protocol', 'loo', '--model', 'itemknn', '--param', 'neighbours=lots');
    assert.equal(r.code, 2);
    assert.match(r.err, /"neighbours"/);
    r = await cli(...base, '--protocol', 'loo', '--model', 'nope');
    assert.equal(r.code, 2);
    assert.match(r.err, /known models: .*itemknn/);
    r = await cli(...base, '--protocol', 'ratings', '--model', 'itemknn');
    assert.equal(r.code, 2);
    assert.match(r.err, /does not predict ratings/);
    r = await cli(...base, '--protocol', 'sideways', '--model', 'itemknn');
    assert.equal(r.code, 2);
  });

  it('tunes on train only and writes the best parameters', async () => {
    const out = join(dir, 'best.json');
    const r = await cli('tune', '--model', 'itemknn', '--train', join(dir, 'loo_train.tsv'), '--protocol', 'loo', '--trials', '3', '--seed', '2', '--out', out, '--json');
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(r.out);
    assert.equal(result.trials.length, 3);
    assert.equal(result.split.validationRows, 30);
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).params, result.params);
  });
});
