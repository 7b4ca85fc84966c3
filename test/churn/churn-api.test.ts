/**
 * Churn on a small simulated platform behind a real server: the HTTP contract, the model beating
 * the inactivity rule, reasons naming real features, and the stored model surviving a restart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChurnModel } from '../../src/churn/churn-model.js';
import { ChurnService, churnModelName, type ChurnScores, type ChurnTrainingReport } from '../../src/churn/churn-service.js';
import { numericInputs } from '../../src/churn/design.js';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { latestModel } from '../../src/recommend/serving/model-store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface ErrorBody { error: { code: string; field?: string; message: string } }

describe('churn API on a simulated platform', () => {
  let s: TestServer;
  let report: ChurnTrainingReport;
  before(async () => {
    s = await startTestServer();
    // 200 learners over 8 weeks (2026-03-02 … 2026-04-26): enough for four weekly snapshots.
    await loadDemoPlatform(s.ll.store, s.ll.ingest, s.ll.keys.projectId, { users: 200, days: 56, seed: 5 });
  });
  after(async () => { await s.stop(); });

  /** An identify of someone new, inside the data's dates: no learner's features or label change. */
  let extra = 0;
  const newEventOutsideTheScores = async () => {
    const r = await s.track('/v1/identify', { userId: `cache-probe-${extra++}`, traits: { plan: 'free' }, timestamp: '2026-04-20T00:00:00Z' });
    assert.equal(r.status, 200);
  };

  const expectError = async (r: Response, status: number, field: string) => {
    const body = await r.json() as ErrorBody;
    assert.equal(r.status, status, JSON.stringify(body));
    assert.equal(body.error.field, field);
    assert.ok(body.error.message.length > 10);
  };

  it('POST /v1/churn/train: both models validated on the newest snapshot, beside the rule', async () => {
    const r = await s.api('/v1/churn/train', { method: 'POST', body: JSON.stringify({ asOf: '2026-04-20', horizonDays: 14 }) });
    assert.equal(r.status, 200);
    report = await r.json() as ChurnTrainingReport;
    assert.equal(report.asOf, '2026-04-20');
    assert.equal(report.horizonDays, 14);
    assert.equal(report.validationAsOf, '2026-04-06', 'the newest label window ends on asOf');
    assert.ok(report.snapshots.length >= 3);
    assert.ok(['logistic', 'gbt'].includes(report.chosen));
    const chosen = report.models[report.chosen as 'logistic' | 'gbt'];
    assert.equal(chosen.rocAuc, Math.max(report.models.logistic.rocAuc, report.models.gbt.rocAuc));
    assert.ok(chosen.rocAuc > report.rule.rocAuc, `model ${chosen.rocAuc} vs rule ${report.rule.rocAuc}`);
    assert.ok(chosen.rocAuc > 0.8);
    assert.ok(chosen.prAuc > report.rule.prAuc);
    assert.ok(report.ece >= 0 && report.ece < 0.2);
    assert.equal(report.rule.rule, 'inactive for 7+ days');
  });

  it('GET /v1/churn/scores: every learner active in the 28 days before asOf, riskiest first, reasons naming real features', async () => {
    const r = await s.api('/v1/churn/scores?asOf=2026-04-27');
    assert.equal(r.status, 200);
    const body = await r.json() as ChurnScores;
    assert.equal(body.asOf, '2026-04-27');
    assert.equal(body.horizonDays, 14);
    assert.equal(body.trained, false, 'the stored model is used');
    assert.ok(body.learners.length > 50);
    for (let i = 1; i < body.learners.length; i++) assert.ok(body.learners[i - 1]!.probability >= body.learners[i]!.probability);
    const features = new Set<string>([...numericInputs.map((f) => f.name), 'device', 'preferredTopic']);
    for (const l of body.learners) {
      assert.ok(l.probability >= 0 && l.probability <= 1);
      assert.ok(l.reasons.length <= 3);
      for (const reason of l.reasons) {
        assert.ok(features.has(reason.feature), reason.feature);
        assert.ok(reason.contribution > 0);
        assert.ok(reason.text.zh.length > 0 && reason.text.en.length > 0);
      }
    }
    const top = body.learners[0]!;
    assert.ok(top.reasons.length > 0);
    // A recency reason states the real number of days, in both languages.
    const recency = body.learners.flatMap((l) => l.reasons).find((x) => x.feature === 'recencyDays' && typeof x.value === 'number' && x.value >= 1);
    assert.ok(recency, 'some learner is at risk for the days since they last studied');
    const days = Math.floor(recency.value as number);
    assert.ok(recency.text.zh.startsWith(`已 ${days} 天未学习`), recency.text.zh);
    assert.ok(recency.text.en.startsWith(`${days} days since last study`), recency.text.en);
    assert.ok(body.learners.some((l) => l.reasons.some((x) => /stopped at lesson \d+ of “.+”/.test(x.text.en) && /停在《.+》第 \d+ 课/.test(x.text.zh))),
      'some reason says where the learner stopped, with the course title from the catalog');
  });

  it('the stored model scores the same after a restart (a new service, loaded from the store)', async () => {
    const a = await new ChurnService(s.ll.store.db, s.ll.keys.projectId).scores({ asOf: '2026-04-27' });
    const stored = await latestModel(s.ll.store.db, s.ll.keys.projectId, churnModelName(14));
    assert.equal(stored!.modelId, report.modelId);
    const model = ChurnModel.load(stored!.saved, churnModelName(14));
    assert.equal(model.kind, report.chosen);
    await newEventOutsideTheScores();
    const b = await new ChurnService(s.ll.store.db, s.ll.keys.projectId).scores({ asOf: '2026-04-27', userIds: a.learners.slice(0, 5).map((l) => l.userId) });
    assert.deepEqual(b.learners, a.learners.slice(0, 5));
  });

  it('a repeated request is answered from the cache; any new event makes it score again', async () => {
    const churn = new ChurnService(s.ll.store.db, s.ll.keys.projectId);
    const first = await churn.scores({ asOf: '2026-04-27' });
    assert.equal(await new ChurnService(s.ll.store.db, s.ll.keys.projectId).scores({ asOf: '2026-04-27' }), first, 'the same answer object');
    const one = first.learners[3]!;
    assert.deepEqual((await churn.scores({ asOf: '2026-04-27', userIds: [one.userId] })).learners, [one]);
    await newEventOutsideTheScores();
    const again = await churn.scores({ asOf: '2026-04-27' });
    assert.notEqual(again, first);
    assert.deepEqual(again.learners, first.learners);
    const r = await s.api(`/v1/churn/scores?asOf=2026-04-27&userId=${encodeURIComponent(one.userId)}&userId=nobody`);
    assert.deepEqual(((await r.json()) as ChurnScores).learners, [one]);
  });

  it('asOf defaults to the data: the day after the latest event', async () => {
    const r = await s.api('/v1/churn/scores');
    const body = await r.json() as ChurnScores;
    assert.equal(r.status, 200);
    assert.equal(body.asOf, '2026-04-27');
  });

  it('400 naming the field for bad input; 422 when history is too short; 401 without the key', async () => {
    const post = (body: unknown) => s.api('/v1/churn/train', { method: 'POST', body: JSON.stringify(body) });
    await expectError(await post({ asOf: '2026-13-40' }), 400, 'body.asOf');
    await expectError(await post({ asOf: 'yesterday' }), 400, 'body.asOf');
    await expectError(await post({ horizonDays: 0 }), 400, 'body.horizonDays');
    await expectError(await post({ horizonDays: 91 }), 400, 'body.horizonDays');
    await expectError(await post({ horizonDays: 'two weeks' }), 400, 'body.horizonDays');
    await expectError(await post({ asOf: '2020-01-01' }), 400, 'body.asOf');
    await expectError(await post({ asOf: '2026-03-20' }), 422, 'body.asOf');
    await expectError(await s.api('/v1/churn/scores?asOf=2026-02-30'), 400, 'querystring.asOf');
    await expectError(await s.api('/v1/churn/scores?horizonDays=120'), 400, 'querystring.horizonDays');
    const anonymous = await fetch(`${s.url}/v1/churn/scores`);
    assert.equal(anonymous.status, 401);
  });
});
