import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { upsertItems } from '../../src/catalog/items.store.js';
import type { ItemInput } from '../../src/catalog/item.js';
import { openWorkspace } from '../../src/cli/workspace.js';
import { deriveLearners } from '../../src/ingest/derive/derive.js';
import { sortItems } from '../../src/quality/item-sort.js';
import { defaultWeights, parseWeights, qualityConfig, qualityConfigFromEnv } from '../../src/quality/quality-config.js';
import type { ItemQuality } from '../../src/quality/report.js';
import { runReportQuality } from '../../src/cli/commands/report-quality.js';
import { readQualitySignals, scoreQuality } from '../../src/quality/report.js';
import { qualityText } from '../../src/quality/report-text.js';
import { openStore } from '../../src/store/store.js';
import { cliPath } from '../helpers/process.js';
import { tinyPlatform } from './tiny-platform.js';

const run = promisify(execFile);

describe('quality configuration', () => {
  it('documents default weights: 0.9 over the weighed components, the author record shown but not weighed', () => {
    const total = Object.values(defaultWeights).reduce((s, w) => s + w, 0);
    assert.ok(Math.abs(total - 0.9) < 1e-9);
    assert.equal(defaultWeights.author, 0);
  });

  it('reads weights and the rating strength, naming what is wrong', () => {
    assert.deepEqual(parseWeights('rating=0.4, experts=0.2'), { rating: 0.4, experts: 0.2 });
    assert.throws(() => parseWeights('stars=1'), /unknown quality component "stars"/);
    assert.throws(() => parseWeights('rating=-1'), /rating must be a number/);
    assert.throws(() => parseWeights('rating='), /rating must be a number/);
    assert.throws(() => qualityConfig({ weights: Object.fromEntries(Object.keys(defaultWeights).map((k) => [k, 0])) }), /at least one/);
    assert.throws(() => qualityConfig({ ratingPriorStrength: 0 }), /above 0/);
    const c = qualityConfigFromEnv({ LEARNLOOP_QUALITY_WEIGHTS: 'rating=1', LEARNLOOP_QUALITY_RATING_PRIOR: '25' });
    assert.equal(c.weights.rating, 1);
    assert.equal(c.weights.refunds, defaultWeights.refunds);
    assert.equal(c.ratingPriorStrength, 25);
    assert.equal(c.caseMix, true);
    assert.equal(qualityConfigFromEnv({ LEARNLOOP_QUALITY_CASE_MIX: 'off' }).caseMix, false);
    assert.equal(qualityConfigFromEnv({ LEARNLOOP_QUALITY_CASE_MIX: '1' }).caseMix, true);
  });

  it('sorts lists best first, weakest first, or most urgent first', () => {
    const item = (itemId: string, score: number, strength?: number): ItemQuality => ({
      itemId, score, confidence: 0.5, components: {},
      findings: strength === undefined ? [] : [{ kind: 'high-refunds', itemId, severity: 'medium', strength, message: { zh: '', en: '' }, action: { zh: '', en: '' }, evidence: {} }],
    });
    const items = [item('a', 60), item('b', 40, 3), item('c', 80, 9)];
    assert.deepEqual(sortItems(items, '-score').map((x) => x.itemId), ['c', 'a', 'b']);
    assert.deepEqual(sortItems(items, 'score').map((x) => x.itemId), ['b', 'a', 'c']);
    assert.deepEqual(sortItems(items, 'findings').map((x) => x.itemId), ['c', 'b', 'a']);
  });
});

describe('learnloop report quality', () => {
  let dir: string;
  let db: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'learnloop-quality-'));
    db = join(dir, 'q.db');
    const ws = await openWorkspace(db);
    const { items, messages } = tinyPlatform();
    await upsertItems(ws.store.db, ws.keys.projectId, items as ItemInput[]);
    await ws.ingest.ingest(ws.keys.projectId, messages, { receivedAt: Date.now() });
    await deriveLearners(ws.store.db, ws.keys.projectId);
    await ws.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints what to fix first and the scores', async () => {
    const { stdout } = await run(process.execPath, [cliPath, 'report', 'quality', '--db', db, '--lang', 'en']);
    assert.match(stdout, /What to fix first/);
    assert.match(stdout, /Split lesson 4/);
    assert.match(stdout, /c-good/);
  });

  it('writes the report in Chinese too', async () => {
    const store = await openStore({ location: db });
    const report = scoreQuality(await readQualitySignals(store.db, 'default'), qualityConfig());
    await store.close();
    const text = qualityText(report, { type: 'course', sort: 'findings', limit: 5, lang: 'zh' });
    assert.match(text, /优先改进/);
    assert.match(text, /拆分第 4 讲/);
  });

  it('prints the API JSON with --json, and rejects a bad flag', async () => {
    const { stdout } = await run(process.execPath, [cliPath, 'report', 'quality', '--db', db, '--json', '--type', 'course', '--weights', 'rating=1']);
    const body = JSON.parse(stdout) as { items: { itemId: string; components: Record<string, { weight: number }> }[] };
    assert.deepEqual(body.items.map((it) => it.itemId), ['c-good', 'c-hard', 'c-poor']);
    assert.ok(body.items[0]!.components.rating!.weight > 0.5, 'the rating weight from --weights is used');
    await assert.rejects(runReportQuality(['--db', db, '--sort', 'best']), /--sort must be one of/);
    await assert.rejects(runReportQuality(['--db', db, '--weights', 'stars=1']), /unknown quality component/);
  });
});
