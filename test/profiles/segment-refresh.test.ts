/**
 * Segments recompute by themselves once the data has moved on by a day: the first call computes
 * every method as of the last hour with activity (not the wall clock), a second is "up to date",
 * and activity two days later triggers a new run that keeps the segment ids.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { latestActivityInstant } from '../../src/profiles/as-of.js';
import { refreshSegments } from '../../src/profiles/segment-refresh.js';
import { latestSegmentRun } from '../../src/profiles/segments.store.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('scheduled segment refresh', () => {
  let s: TestServer;
  const fresh = async () => assert.equal((await s.api('/v1/metrics/span')).status, 200); // folds the rollups
  before(async () => {
    s = await startTestServer();
    await loadDemoPlatform(s.ll.store, s.ll.ingest, s.ll.keys.projectId, { users: 120, days: 21, seed: 3 });
    await fresh();
  });
  after(async () => { await s.stop(); });

  it('waits for activity, then computes every method as of the last active hour', async () => {
    const db = s.ll.store.db;
    const asOf = await latestActivityInstant(db, 'default');
    assert.ok(asOf !== undefined && asOf < Date.now() - 30 * 86_400_000, 'the demo is history, not today');
    assert.match(await refreshSegments(db, 'default'), /^computed kmeans, rfm as of /);
    const run = await latestSegmentRun(db, 'default', 'kmeans');
    assert.equal(run!.asOf, asOf);
    assert.equal(await refreshSegments(db, 'default'), 'up to date');
    const profile = await (await s.api('/v1/users/u000001/profile')).json() as { asOf: string };
    assert.equal(Date.parse(profile.asOf), asOf, 'profiles default to the same instant');
  });

  it('recomputes once the data has moved on by a day, keeping the segment ids', async () => {
    const db = s.ll.store.db;
    const before = await latestSegmentRun(db, 'default', 'kmeans');
    const later = new Date(before!.asOf + 2 * 86_400_000).toISOString();
    assert.equal((await s.track('/v1/track', { userId: 'u000001', event: 'Signed In', timestamp: later })).status, 200);
    await fresh();
    assert.match(await refreshSegments(db, 'default'), /^computed kmeans, rfm/);
    const after = await latestSegmentRun(db, 'default', 'kmeans');
    assert.ok(after!.runId > before!.runId);
    assert.ok(after!.asOf > before!.asOf);
    const ids = (r: typeof before) => new Set(r!.segments.map((x) => x.id));
    const kept = [...ids(after)].filter((id) => ids(before).has(id)).length;
    assert.ok(kept >= Math.min(ids(before).size, ids(after).size) - 1, 'ids carry over between runs');
  });
});
