import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertItems } from '../../src/catalog/items.store.js';
import type { ItemInput } from '../../src/catalog/item.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { deriveLearners } from '../../src/ingest/derive/derive.js';
import { saveExpertScores } from '../../src/quality/expert-scores.js';
import { qualityConfig } from '../../src/quality/quality-config.js';
import { priorOf } from '../../src/quality/quality-service.js';
import { readQualitySignals, scoreQuality, withFreshExperts, type QualityReport, type QualitySignals } from '../../src/quality/report.js';
import { tinyPlatform } from './tiny-platform.js';

describe('diagnosis and scores on a small hand-made platform', () => {
  let ws: Workspace;
  let signals: QualitySignals;
  let report: QualityReport;
  before(async () => {
    ws = await openWorkspace(':memory:');
    const { items, messages } = tinyPlatform();
    await upsertItems(ws.store.db, ws.keys.projectId, items as ItemInput[]);
    for (let i = 0; i < messages.length; i += 400) {
      const r = await ws.ingest.ingest(ws.keys.projectId, messages.slice(i, i + 400), { receivedAt: Date.now() });
      assert.equal(r.rejected.length, 0);
    }
    await deriveLearners(ws.store.db, ws.keys.projectId);
    signals = await readQualitySignals(ws.store.db, ws.keys.projectId);
    report = scoreQuality(signals, qualityConfig());
  });
  after(async () => { await ws.close(); });

  const findings = (id: string) => report.byId.get(id)!.findings;

  it('finds the planted hard lesson, and only it, with the action to take in zh and en', () => {
    const lessonFindings = report.items.filter((it) => it.type === 'lesson').flatMap((it) => it.findings);
    assert.deepEqual(lessonFindings.map((f) => [f.itemId, f.kind]), [['c-hard-l4', 'lesson-too-hard']]);
    const f = lessonFindings[0]!;
    assert.match(f.action.en, /Split lesson 4/);
    assert.match(f.action.zh, /拆分第 4 讲/);
    assert.equal(f.evidence.lessonPosition, 4);
    assert.equal(f.evidence.learners, 40);
    assert.ok((f.evidence.rewindsPerHour as number) > 3 * (f.evidence.courseRewindsPerHour as number));
    // The course carries its lesson's finding too.
    assert.ok(findings('c-hard').some((x) => x.itemId === 'c-hard-l4' && x.kind === 'lesson-too-hard'));
  });

  it("reads each rater's fit to the item: topic affinity from their views, language unknown here", () => {
    const { item, fit } = signals.feedback.ratings;
    assert.equal(fit.length, 2 * item.length);
    const affinities = (id: string) => {
      const i = signals.catalog.index.get(id);
      return Array.from(item).flatMap((it, k) => (it === i ? [fit[2 * k]!] : []));
    };
    // Learners who left lesson 4 of c-hard viewed the (finance) e-book, and nothing else: finance is their one
    // interest, programming none; the others viewed nothing, so their affinity is unknown.
    assert.ok(affinities('c-poor').includes(1));
    assert.ok(affinities('c-good').includes(0));
    assert.ok(affinities('c-good').some(Number.isNaN));
    // No learner told their language, no item its own.
    assert.ok(Array.from(fit).filter((_, k) => k % 2 === 1).every(Number.isNaN));
    assert.equal(signals.feedback.reviews.fit.length, 2 * signals.feedback.reviews.item.length);
  });

  it('finds the falling ratings, the refunds, the unanswered questions and the negative reviews', () => {
    const kinds = (id: string) => findings(id).filter((f) => f.itemId === id).map((f) => f.kind).sort();
    assert.deepEqual(kinds('c-poor'), ['high-refunds', 'negative-reviews', 'ratings-falling']);
    assert.deepEqual(kinds('c-hard'), ['unanswered-questions']);
    assert.deepEqual(kinds('c-good'), []);
    const trend = findings('c-poor').find((f) => f.kind === 'ratings-falling')!;
    assert.ok((trend.evidence.fittedFrom as number) > 3.5 && (trend.evidence.fittedTo as number) < 2.5);
    const refunds = findings('c-poor').find((f) => f.kind === 'high-refunds')!;
    assert.equal(refunds.evidence.refundRate, 0.417);
    assert.match(refunds.action.en, /[Rr]eview the price/);
    const reviews = findings('c-poor').find((f) => f.kind === 'negative-reviews')!;
    assert.equal((reviews.evidence.examples as string[]).length, 3);
  });

  it('ranks the good course first, lists every component with evidence, and knows how sure it is', () => {
    const [good, hard, poor] = ['c-good', 'c-hard', 'c-poor'].map((id) => report.byId.get(id)!);
    assert.ok(good!.score > hard!.score && hard!.score > poor!.score, `${good!.score} ${hard!.score} ${poor!.score}`);
    for (const name of ['rating', 'sentiment', 'completion', 'dropoff', 'rewatch', 'refunds', 'questions', 'author'] as const) {
      assert.ok(good!.components[name], `component ${name}`);
    }
    assert.equal(good!.components.experts, undefined, 'no expert scores on the platform yet: the component drops out');
    assert.equal(good!.components.rating!.evidence, 20);
    assert.equal(good!.components.rating!.observed, 4.65);
    assert.ok(good!.confidence > report.byId.get('e-book')!.confidence);
    const weights = Object.values(good!.components).reduce((s, c) => s + c!.weight, 0);
    assert.ok(Math.abs(weights - 1) < 1e-3, `weights sum to ${weights}`);
    // Lessons are scored from what lessons have: viewing and questions.
    assert.deepEqual(Object.keys(report.byId.get('c-hard-l4')!.components).sort(), ['completion', 'dropoff', 'questions', 'rewatch']);
    assert.ok(report.byId.get('c-hard-l4')!.score < report.byId.get('c-hard-l3')!.score);
  });

  it('gives the recommender a prior: above 0.5 for the good course, below for the poor one, 0.5 for unknown ids', () => {
    const prior = priorOf(report, ['c-good', 'c-poor', 'nope']);
    assert.ok(prior[0]! > 0.5 && prior[1]! < 0.5);
    assert.equal(prior[2], 0.5);
  });

  it('flags experts and learners who disagree once an expert scores the poor course highly', async () => {
    await saveExpertScores(ws.store.db, ws.keys.projectId, 'c-poor', [{ expert: 'li', score: 95 }, { expert: 'li', score: 5, scale: 5, dimension: 'accuracy' }]);
    const withExperts = scoreQuality(await withFreshExperts(ws.store.db, signals), qualityConfig());
    const f = withExperts.byId.get('c-poor')!.findings.find((x) => x.kind === 'expert-learner-mismatch');
    assert.ok(f, 'mismatch found');
    assert.equal(f.evidence.expertScore, 97.5);
    assert.match(f.action.en, /review the price/);
    assert.ok(withExperts.byId.get('c-poor')!.components.experts);
  });
});
