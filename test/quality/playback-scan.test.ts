import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  estimateSpeed, lessonCompleted, lessonProgress, lessonStarted, newPlaybackTotals, PlaybackScratch, scanLearnerPlaybacks,
  scanLearnerPlaybacksReference, type LearnerLessonEvents, type LearnerVisits,
} from '../../src/quality/playback-scan.js';

const min = 60_000;

function events(list: [lesson: number, kind: number, minute: number, position: number, watched: number][]): LearnerLessonEvents {
  return {
    n: list.length,
    lesson: Int32Array.from(list, (e) => e[0]),
    kind: Uint8Array.from(list, (e) => e[1]),
    timeMs: Float64Array.from(list, (e) => e[2] * min),
    positionS: Float64Array.from(list, (e) => e[3]),
    watchedS: Float64Array.from(list, (e) => e[4]),
  };
}

const visits = (spans: [number, number][]): LearnerVisits => ({
  n: spans.length, startMs: Float64Array.from(spans, (s) => s[0] * min), endMs: Float64Array.from(spans, (s) => s[1] * min),
});

describe('playback scan', () => {
  it('counts a rewind when the playhead falls behind continuous playback', () => {
    const e = events([
      [0, lessonStarted, 0, 0, NaN],
      [0, lessonProgress, 1, 60, 60],
      [0, lessonProgress, 2, 120, 60],
      [0, lessonProgress, 3, 100, 60], // went back 80 s
      [0, lessonProgress, 4, 135, 60], // a 25 s rewind at 1×: advanced 35 of 60
      [0, lessonProgress, 5, 195, 60],
      [0, lessonCompleted, 5.1, NaN, NaN],
    ]);
    const out = newPlaybackTotals(1);
    scanLearnerPlaybacks(e, visits([[0, 6]]), out, new PlaybackScratch(1));
    assert.deepEqual([out.playbacks[0], out.stops[0], out.drops[0], out.rewinds[0], out.rewinders[0]], [1, 0, 0, 2, 1]);
  });

  it('does not take a 2× listener for one who rewinds', () => {
    const e = events([
      [0, lessonStarted, 0, 0, NaN],
      [0, lessonProgress, 1, 120, 60],
      [0, lessonProgress, 2, 240, 60],
      [0, lessonProgress, 3, 360, 60],
      [0, lessonProgress, 4, 420, 60], // only half the usual advance: a rewind at 2×
    ]);
    assert.equal(estimateSpeed(e, new Float64Array(8)), 2);
    const out = newPlaybackTotals(1);
    scanLearnerPlaybacks(e, visits([[0, 4]]), out, new PlaybackScratch(1));
    assert.equal(out.rewinds[0], 1);
  });

  it('tells a drop (stayed on the platform) from a stop at the end of the visit', () => {
    const e = events([
      [0, lessonStarted, 0, 0, NaN], [0, lessonProgress, 1, 60, 60], // stopped; the visit goes on to minute 10
      [1, lessonStarted, 30, 0, NaN], [1, lessonProgress, 31, 60, 60], // stopped as the visit ended
      [0, lessonStarted, 120, 50, NaN], [0, lessonProgress, 121, 110, 60], [0, lessonCompleted, 122, NaN, NaN],
    ]);
    const out = newPlaybackTotals(2);
    scanLearnerPlaybacks(e, visits([[0, 10], [30, 31], [120, 122]]), out, new PlaybackScratch(2));
    assert.deepEqual(Array.from(out.playbacks), [2, 1]);
    assert.deepEqual(Array.from(out.stops), [1, 1]);
    assert.deepEqual(Array.from(out.drops), [1, 0]);
  });

  it('starts a new playback after 30 minutes of silence', () => {
    const e = events([[0, lessonProgress, 0, 60, 60], [0, lessonProgress, 45, 120, 60], [0, lessonCompleted, 46, NaN, NaN]]);
    const out = newPlaybackTotals(1);
    scanLearnerPlaybacks(e, visits([]), out, new PlaybackScratch(1));
    assert.deepEqual([out.playbacks[0], out.stops[0], out.rewinds[0]], [2, 1, 0]);
  });

  it('matches the reference on random learners, reusing one scratch', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lessons = 6;
    const fast = newPlaybackTotals(lessons);
    const slow = newPlaybackTotals(lessons);
    const scratch = new PlaybackScratch(lessons);
    for (let learner = 0; learner < 300; learner++) {
      const rows: [number, number, number, number, number][] = [];
      let t = 0;
      const speed = 1 + Math.floor(rand() * 3) / 2;
      const n = 1 + Math.floor(rand() * 60);
      const position = new Float64Array(lessons);
      for (let k = 0; k < n; k++) {
        const lesson = Math.floor(rand() * lessons);
        t += rand() < 0.1 ? 40 : 1;
        const r = rand();
        if (r < 0.15) { rows.push([lesson, lessonStarted, t, position[lesson]!, NaN]); continue; }
        if (r < 0.25) { rows.push([lesson, lessonCompleted, t, NaN, NaN]); position[lesson] = 0; continue; }
        position[lesson] = Math.max(0, position[lesson]! + (rand() < 0.2 ? -45 : 60 * speed));
        rows.push([lesson, lessonProgress, t, rand() < 0.05 ? NaN : position[lesson]!, rand() < 0.05 ? NaN : 60]);
      }
      const spans: [number, number][] = [];
      for (let s = 0; s < t + 60; s += 20 + Math.floor(rand() * 40)) spans.push([s, s + 5 + rand() * 15]);
      scanLearnerPlaybacks(events(rows), visits(spans), fast, scratch);
      scanLearnerPlaybacksReference(events(rows), visits(spans), slow);
    }
    for (const key of ['playbacks', 'stops', 'drops', 'rewinds', 'rewinders'] as const) {
      assert.deepEqual(Array.from(fast[key]), Array.from(slow[key]), key);
    }
    assert.ok(fast.rewinds.some((x) => x > 0) && fast.drops.some((x) => x > 0), 'the random learners exercise every count');
  });
});
