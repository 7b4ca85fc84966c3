/**
 * Course drop-off on the simulated platform, whose hidden truth names the lessons it made hard:
 * the lesson where the fewest starters finish should be a hard one far more often than chance, and
 * hard lessons should be finished less often than the others of their course. (Seed 11, 400 learners
 * × 60 days: the worst lesson is hard in 33% of the 18 courses with enough starters, chance 9%;
 * hard lessons are finished by 88% of their starters, the others by 95%.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadDemoPlatform } from '../../src/cli/demo-platform.js';
import { truthFromJson, type SimulationTruth } from '../../src/simulate/truth.js';
import type { CourseDropoff } from '../../src/analytics/dropoff.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('drop-off finds the lessons the simulator made hard', () => {
  let s: TestServer;
  let truth: SimulationTruth;
  before(async () => {
    s = await startTestServer();
    const truthPath = join(s.dir, 'truth.json');
    await loadDemoPlatform(s.ll.store, s.ll.ingest, s.ll.keys.projectId, { users: 400, days: 60, seed: 11, truthPath });
    truth = truthFromJson(readFileSync(truthPath, 'utf8'));
  });
  after(async () => { await s.stop(); });

  it('the worst-finished lesson of a course is a hard one far more often than chance', async () => {
    let courses = 0, worstIsHard = 0, chance = 0;
    const hardRates: number[] = [], otherRates: number[] = [];
    for (const course of truth.products) {
      if (course.type !== 'course' || !course.hardLessons?.length) continue;
      const r = await s.api(`/v1/metrics/dropoff?course=${encodeURIComponent(course.id)}&audience=starters`);
      assert.equal(r.status, 200);
      const d = (await r.json()) as CourseDropoff;
      const judged = d.lessons.filter((l) => l.started >= 8);
      if (judged.length < 3) continue;
      const hard = new Set(course.hardLessons);
      for (const l of judged) (hard.has(l.lessonId) ? hardRates : otherRates).push(l.finishRate);
      const worst = judged.reduce((a, b) => (b.finishRate < a.finishRate ? b : a));
      courses++;
      if (hard.has(worst.lessonId)) worstIsHard++;
      chance += judged.filter((l) => hard.has(l.lessonId)).length / judged.length;
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(courses >= 15, `only ${courses} courses had enough starters`);
    const hit = worstIsHard / courses, base = chance / courses;
    assert.ok(hit >= 2 * base, `worst lesson is hard in ${(hit * 100).toFixed(0)}% of ${courses} courses; chance ${(base * 100).toFixed(0)}%`);
    assert.ok(mean(hardRates) < mean(otherRates) - 0.03, `finish rate of hard lessons ${mean(hardRates).toFixed(3)} vs others ${mean(otherRates).toFixed(3)}`);
  });
});
