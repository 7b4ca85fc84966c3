import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { learnerFeatures, type FeatureTable } from '../../src/profiles/learner-features.js';
import { adjustedRandIndex } from '../../src/profiles/rand-index.js';
import { newLearnerDays, rfmCuts, rfmScores, rfmSegmentOf, rfmSegments } from '../../src/profiles/rfm.js';
import { describeSegment } from '../../src/profiles/segment-words.js';
import { computeSegments, placeLearner } from '../../src/profiles/segments.js';
import { latestSegmentRun } from '../../src/profiles/segments.store.js';
import { truthFromJson } from '../../src/simulate/truth.js';

describe('RFM rules', () => {
  it('scores against quintile cut points, recency reversed', () => {
    const ten = Float64Array.from({ length: 10 }, (_, i) => i + 1); // cut points at positions 1, 3, 5, 7: values 2, 4, 6, 8
    const cuts = rfmCuts(ten, ten, ten);
    assert.deepEqual(cuts.recency, [2, 4, 6, 8]);
    assert.deepEqual(rfmScores(cuts, 1, 1, 10), { r: 5, f: 1, m: 5 });
    assert.deepEqual(rfmScores(cuts, 5, 8, 9), { r: 3, f: 4, m: 5 });
    assert.deepEqual(rfmScores(cuts, 9, 2, 2.5), { r: 1, f: 1, m: 2 });
  });

  it('maps scores to segments in the documented order', () => {
    const key = (r: number, f: number, m: number, tenure = 100) => rfmSegments[rfmSegmentOf({ r, f, m }, tenure)]!.key;
    assert.equal(key(5, 5, 3), 'champions');
    assert.equal(key(4, 4, 4, 3), 'champions', 'champions before new');
    assert.equal(key(4, 1, 1, newLearnerDays), 'new');
    assert.equal(key(3, 3, 4), 'loyal');
    assert.equal(key(5, 1, 2), 'potential');
    assert.equal(key(2, 4, 3), 'at_risk');
    assert.equal(key(1, 5, 5), 'at_risk');
    assert.equal(key(2, 1, 2), 'hibernating');
    assert.equal(key(1, 2, 1), 'lost');
    assert.deepEqual(rfmSegments.map((s) => s.id), [1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('segment words', () => {
  it('says who the members are, their topic and their strongest traits', () => {
    const w = describeSegment({ weekendShare: 1.4, spend: 0.9, completionRate: -0.7, activeDays28: 0.2 }, 3, { topic: 'finance', share: 0.6 });
    assert.equal(w.description.en, 'weekend bingers of finance courses, high spend, low completion');
    assert.equal(w.description.zh, '周末集中学习的理财课程学员，消费高，完课率低');
    assert.equal(w.name.en, 'Weekend bingers · finance');
    const lapsed = describeSegment({ activeDays28: -1 }, 40, { topic: 'finance', share: 0.2 });
    assert.equal(lapsed.description.en, 'lapsed learners');
  });
});

describe('segments on a small simulated platform', () => {
  let ws: Workspace;
  let dir: string;
  let table: FeatureTable;
  let habits: string[];
  const days = 28;
  const asOf = Date.parse('2026-03-02T00:00:00+08:00') + days * 86_400_000;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'learnloop-segments-'));
    ws = await openWorkspace(':memory:');
    await loadDemoPlatform(ws.store, ws.ingest, ws.keys.projectId, { users: 300, days, seed: 3, truthPath: join(dir, 'truth.json') });
    const truth = truthFromJson(readFileSync(join(dir, 'truth.json'), 'utf8'));
    const habit = new Map(truth.learners.map((l) => [l.userId, l.habit]));
    table = await learnerFeatures(ws.store.db, ws.keys.projectId, { asOf });
    habits = table.userIds.map((u) => habit.get(u)!);
  });
  after(async () => {
    await ws.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('k-means segments recover the learners\' habits better than chance, and better than RFM', async () => {
    const [kmeans, rfm] = await computeSegments(ws.store.db, ws.keys.projectId, { table, methods: ['kmeans', 'rfm'] });
    const members = async (method: string) => {
      const rows = await ws.store.db.selectFrom('segment_members').select(['user_id', 'segment_id']).where('method', '=', method).execute();
      const m = new Map(rows.map((r) => [r.user_id, r.segment_id]));
      return table.userIds.map((u) => m.get(u)!);
    };
    const ariKmeans = adjustedRandIndex(await members('kmeans'), habits);
    const ariRfm = adjustedRandIndex(await members('rfm'), habits);
    assert.ok(ariKmeans > 0.15, `k-means ARI ${ariKmeans}`);
    assert.ok(ariKmeans > ariRfm, `k-means ARI ${ariKmeans} ≤ RFM ${ariRfm}`);
    assert.equal(kmeans!.segments.reduce((s, x) => s + x.size, 0), table.userIds.length);
    assert.ok(kmeans!.segments.every((s) => s.description.zh.length > 0 && s.description.en.length > 0));
    assert.ok(kmeans!.quality! > 0);
    assert.equal(rfm!.segments.length, 7);
    assert.equal(kmeans!.projection.points.length, table.userIds.length);
    // A stored run places each learner where the run put them.
    const stored = (await latestSegmentRun(ws.store.db, ws.keys.projectId, 'kmeans'))!;
    const assigned = await members('kmeans');
    assert.ok(table.userIds.every((_, u) => placeLearner(stored, table, u) === assigned[u]));
  });

  it('keeps segment ids when the data barely change', async () => {
    await computeSegments(ws.store.db, ws.keys.projectId, { table, methods: ['kmeans'], k: 5 });
    const first = (await latestSegmentRun(ws.store.db, ws.keys.projectId, 'kmeans'))!;
    // Drop a few learners: centroids move a little; every segment keeps its id.
    const keep = table.userIds.map((_, u) => u).filter((u) => u % 25 !== 0);
    const slice: FeatureTable = {
      ...table, userIds: keep.map((u) => table.userIds[u]!),
      columns: Object.fromEntries(Object.entries(table.columns).map(([k, col]) => [k, Float64Array.from(keep, (u) => col[u]!)])) as FeatureTable['columns'],
    };
    await computeSegments(ws.store.db, ws.keys.projectId, { table: slice, methods: ['kmeans'], k: 5, seed: 9 });
    const second = (await latestSegmentRun(ws.store.db, ws.keys.projectId, 'kmeans'))!;
    assert.deepEqual(second.segments.map((s) => s.id), first.segments.map((s) => s.id));
    for (const s of second.segments) {
      const before = first.segments.find((x) => x.id === s.id)!;
      assert.ok(Math.abs(s.size - before.size) <= before.size * 0.2 + 3, `segment ${s.id}: ${before.size} → ${s.size}`);
    }
    // Asking for one more segment than before gives the new one a fresh id.
    await computeSegments(ws.store.db, ws.keys.projectId, { table, methods: ['kmeans'], k: 6 });
    const third = (await latestSegmentRun(ws.store.db, ws.keys.projectId, 'kmeans'))!;
    const ids = third.segments.map((s) => s.id);
    assert.equal(new Set(ids).size, 6);
    assert.ok(ids.filter((id) => !first.segments.some((s) => s.id === id)).every((id) => id > Math.max(...first.segments.map((s) => s.id))));
  });
});
