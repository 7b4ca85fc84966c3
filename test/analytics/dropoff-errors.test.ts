/**
 * Course and lesson drop-off on a hand-made course, and the 400s a bad metric request gets.
 *
 * course-x has lessons x1, x2 (600 s), x3. Buyers u1–u4; u5 watches without buying.
 *   u1 finishes all three;  u2 finishes x1, stops a quarter into x2;  u3 starts x1 only;
 *   u4 bought and never started;  u5 finishes x1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { metric, putItems, send, track } from './fixtures.js';

let s: TestServer;

before(async () => {
  s = await startTestServer();
  await putItems(s, [
    { id: 'course-x', type: 'course', title: 'Course X', price: 29 },
    // Catalog order is by position, not by id or arrival.
    { id: 'x3', type: 'lesson', title: 'Three', parentId: 'course-x', position: 3, durationS: 300 },
    { id: 'x1', type: 'lesson', title: 'One', parentId: 'course-x', position: 1, durationS: 300 },
    { id: 'x2', type: 'lesson', title: 'Two', parentId: 'course-x', position: 2, durationS: 600 },
  ]);
  const buy = (u: string, t: string) => track(u, t, 'Order Completed', { revenue: 29, products: [{ product_id: 'course-x', price: 29 }] });
  const lesson = (u: string, t: string, id: string, event: string, extra: Record<string, unknown> = {}) =>
    track(u, t, event, { course_id: 'course-x', lesson_id: id, ...extra });
  await send(s, [
    buy('u1', '2026-03-02T01:00:00Z'), buy('u2', '2026-03-02T02:00:00Z'), buy('u3', '2026-03-02T03:00:00Z'), buy('u4', '2026-03-02T04:00:00Z'),
    ...['x1', 'x2', 'x3'].flatMap((id, i) => [
      lesson('u1', `2026-03-03T0${i}:00:00Z`, id, 'Lesson Started'),
      lesson('u1', `2026-03-03T0${i}:05:00Z`, id, 'Lesson Progress', { position_s: 300, watched_s: 300 }),
      lesson('u1', `2026-03-03T0${i}:06:00Z`, id, 'Lesson Completed'),
    ]),
    lesson('u2', '2026-03-03T01:00:00Z', 'x1', 'Lesson Started'),
    lesson('u2', '2026-03-03T01:06:00Z', 'x1', 'Lesson Completed'),
    lesson('u2', '2026-03-04T01:00:00Z', 'x2', 'Lesson Started'),
    lesson('u2', '2026-03-04T01:01:00Z', 'x2', 'Lesson Progress', { position_s: 60, watched_s: 60 }),
    lesson('u2', '2026-03-04T01:02:00Z', 'x2', 'Lesson Progress', { position_s: 150, watched_s: 90 }),
    lesson('u3', '2026-03-03T05:00:00Z', 'x1', 'Lesson Started'),
    lesson('u5', '2026-03-03T06:00:00Z', 'x1', 'Lesson Started'),
    lesson('u5', '2026-03-03T06:06:00Z', 'x1', 'Lesson Completed'),
  ]);
});
after(async () => { await s.stop(); });

describe('drop-off', () => {
  it('lesson by lesson for the buyers of a course, in catalog order', async () => {
    const d = await metric(s, '/v1/metrics/dropoff?course=course-x');
    assert.deepEqual([d.audience, d.neverStarted], [4, 1]);
    assert.deepEqual(d.lessons.map((l: any) => [l.lessonId, l.started, l.finished, l.startedShare, l.finishedShare, l.finishRate, l.abandonedHere]), [
      ['x1', 3, 2, 0.75, 0.5, 0.6667, 1], // u3 stopped here
      ['x2', 2, 1, 0.5, 0.25, 0.5, 1], // u2 stopped here
      ['x3', 1, 1, 0.25, 0.25, 1, 0],
    ]);
  });

  it('for everyone who started the course', async () => {
    const d = await metric(s, '/v1/metrics/dropoff?course=course-x&audience=starters');
    assert.equal(d.audience, 4); // u1, u2, u3, u5
    assert.deepEqual(d.lessons.map((l: any) => [l.started, l.finished]), [[4, 3], [2, 1], [1, 1]]);
  });

  it('the audience-retention curve within a lesson', async () => {
    const c = await metric(s, '/v1/metrics/dropoff?lesson=x2');
    assert.deepEqual([c.viewers, c.durationS, c.curve.length], [2, 600, 21]);
    // u1 completed (100 %); u2's playhead reached 150 s of 600 s (25 %).
    const share = Object.fromEntries(c.curve.map((p: any) => [p.percent, p.share]));
    assert.deepEqual([share[0], share[25], share[30], share[100]], [1, 1, 0.5, 0.5]);
  });
});

describe('bad requests are 400s naming the field', () => {
  const cases: [string, string, RegExp][] = [
    ['/v1/metrics/dau?from=2026-03-01&to=2026-03-02', 'params.metric', /unknown metric "dau"/],
    ['/v1/metrics/activity?from=2026-03-09&to=2026-03-02', 'querystring.from', /after/],
    ['/v1/metrics/activity?from=2026-02-30&to=2026-03-02', 'querystring.from', /not a date/],
    ['/v1/metrics/activity?from=2026-03-01&to=2026-03-02&interval=hour', 'querystring.interval', /allowed values/],
    ['/v1/metrics/activity?from=2020-01-01&to=2026-03-02&interval=day', 'querystring.interval', /too fine/],
    ['/v1/metrics/retention?from=2020-01-01&to=2026-03-02&period=week', 'querystring.period', /too fine/],
    ['/v1/metrics/activity?from=2026-03-01&to=2026-03-02&tz=Mars/Olympus', 'querystring.tz', /time zone/],
    ['/v1/metrics/activity?from=2026-03-01&to=2026-03-02&course=nope', 'querystring.course', /neither in the catalog/],
    ['/v1/metrics/activity?from=2026-03-01&to=2026-03-02&trait=plan', 'querystring.trait', /key:value/],
    ['/v1/metrics/activity?from=2026-03-01&to=2026-03-02&colour=red', 'querystring', /additional properties/],
    ['/v1/metrics/funnel?from=2026-03-01&to=2026-03-02&steps=Order%20Completed&steps=Lesson%20Complete', 'querystring.steps.1', /did you mean "Lesson Completed"/],
    ['/v1/metrics/funnel?from=2026-03-01&to=2026-03-02&steps=Order%20Completed', 'querystring.steps', /2 to 10 steps/],
    ['/v1/metrics/funnel?from=2026-03-01&to=2026-03-02&steps=Order%20Completed,Lesson%20Started&window=soon', 'querystring.window', /duration/],
    ['/v1/metrics/funnel?from=2026-03-01&to=2026-03-02&steps=Order%20Completed,Lesson%20Started&breakdown=device', 'querystring.breakdown', /properties/],
    ['/v1/metrics/retention?from=2026-03-01&to=2026-03-02&returnEvent=Sign%20In', 'querystring.returnEvent', /no event "Sign In"/],
    ['/v1/metrics/paths?from=2026-03-01&to=2026-03-02&event=Nothing', 'querystring.event', /no event/],
    ['/v1/metrics/dropoff?course=x1', 'querystring.course', /no lessons/],
    ['/v1/metrics/dropoff', 'querystring.course', /either course/],
    ['/v1/metrics/retention/users?from=2026-03-02&to=2026-03-15&cohortPeriod=2026-03-03&offset=0', 'querystring.cohortPeriod', /not a week/],
  ];
  for (const [url, field, message] of cases) {
    it(`${url.replace('/v1/metrics/', '')} → ${field}`, async () => {
      const body = await metric(s, url, 400);
      assert.equal(body.error.field, field);
      assert.match(body.error.message, message);
    });
  }

  it('needs the secret key', async () => {
    const res = await fetch(`${s.url}/v1/metrics/activity?from=2026-03-01&to=2026-03-02`);
    assert.equal(res.status, 401);
  });
});
