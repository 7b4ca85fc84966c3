/**
 * `periodOf`, the SQL that buckets times into periods, and `startOfPeriodBefore`: their arithmetic
 * and tree forms agree with a plain search.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { periodOf, startOfPeriodBefore } from '../../src/analytics/sql-time.js';
import { openStore } from '../../src/store/store.js';

/** The plain reference: the index i with bounds[i] <= t < bounds[i + 1], or null. */
function referencePeriod(t: number, bounds: readonly number[]): number | null {
  for (let i = 0; i + 1 < bounds.length; i++) if (t >= bounds[i]! && t < bounds[i + 1]!) return i;
  return null;
}

type Bucketing = typeof periodOf;

async function bucketInSql(times: readonly number[], bounds: readonly number[], bucket: Bucketing = periodOf): Promise<(number | null)[]> {
  const store = await openStore({ location: ':memory:' });
  try {
    const out: (number | null)[] = [];
    for (const t of times) {
      const r = await sql<{ p: number | null }>`select ${bucket(sql<number>`${sql.lit(t)}`, bounds)} as p`.execute(store.db);
      out.push(r.rows[0]!.p);
    }
    return out;
  } finally {
    await store.close();
  }
}

const timesAround = (bounds: readonly number[]) => {
  const ts = new Set<number>();
  for (const b of bounds) for (const d of [-1, 0, 1]) ts.add(b + d);
  ts.add(bounds[0]! - 1000);
  ts.add(bounds[bounds.length - 1]! + 1000);
  return [...ts].sort((a, b) => a - b);
};

test('equal periods (days in a zone without daylight saving) bucket like the reference, edges included', async () => {
  const bounds = Array.from({ length: 91 }, (_, i) => 492_320 + 24 * i);
  const times = timesAround(bounds);
  assert.deepEqual(await bucketInSql(times, bounds), times.map((t) => referencePeriod(t, bounds)));
});

test('unequal periods (months, a daylight-saving day) bucket like the reference', async () => {
  const months = [492_320, 493_064, 493_736, 494_480, 495_200];
  const dst = [1_000, 1_024, 1_047, 1_071, 1_095];
  for (const bounds of [months, dst]) {
    const times = timesAround(bounds);
    assert.deepEqual(await bucketInSql(times, bounds), times.map((t) => referencePeriod(t, bounds)));
  }
});

test('epoch-millisecond bounds (the event-log engine) and a single period', async () => {
  const dayMs = 86_400_000;
  const bounds = [Date.UTC(2026, 2, 1, 16), Date.UTC(2026, 2, 1, 16) + dayMs, Date.UTC(2026, 2, 1, 16) + 2 * dayMs];
  const times = timesAround(bounds);
  assert.deepEqual(await bucketInSql(times, bounds), times.map((t) => referencePeriod(t, bounds)));
  const one = [10, 20];
  assert.deepEqual(await bucketInSql([9, 10, 19, 20], one), [null, 0, 0, null]);
});

test('the start of the period before, for period starts, in equal and unequal periods', async () => {
  const reference = (t: number, bounds: readonly number[]) => {
    const i = referencePeriod(t, bounds);
    return i === null || i === 0 ? null : bounds[i - 1]!;
  };
  const days = Array.from({ length: 30 }, (_, i) => 492_320 + 24 * i);
  const months = [492_320, 493_064, 493_736, 494_480, 495_200];
  const dst = [1_000, 1_024, 1_047, 1_071, 1_095];
  for (const bounds of [days, months, dst]) {
    const starts = bounds.slice(0, -1);
    assert.deepEqual(await bucketInSql(starts, bounds, startOfPeriodBefore), starts.map((t) => reference(t, bounds)));
  }
  assert.deepEqual(await bucketInSql([10, 20], [10, 20], startOfPeriodBefore), [null, null]);
});
