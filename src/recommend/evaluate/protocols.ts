/**
 * The evaluation protocols, exactly as the field runs them on MovieLens:
 * - `loo` — each user's last interaction by (timestamp, item id) is their test item.
 * - `holdout` — per user, interactions sorted by (timestamp, item id); users with n ≥ 5 put their
 *   last ⌈0.2·n⌉ in test, users with fewer stay wholly in train.
 * - `temporal` — one global time cut: the first ⌊0.8·N⌋ rows by (timestamp, user id, item id) train,
 *   the rest test (many test users end up cold — that is the point).
 * - `ratings` — a seeded random 80/20 of the rows, for RMSE/MAE.
 *
 * For the top-N protocols a repeated (user, item) pair counts once, at its latest row, so an item
 * can never be both "seen" and "to be found" for the same user.
 *
 * @example
 *   const { train, test } = splitTable(table, ids, 'holdout', { seed: 1 });
 *   formatRatings(table, ids, test);
 */
import type { IdSpace, RatingTable } from './rating-table.js';
import { idRanks } from './rating-table.js';
import { seededRandom, shuffleInPlace } from '../kernels/random.js';

export const protocolNames = ['loo', 'holdout', 'temporal', 'ratings'] as const;
export type Protocol = (typeof protocolNames)[number];

export interface SplitOptions {
  /** Seed of the `ratings` shuffle (the other protocols are deterministic). */
  seed?: number;
  /** Test share for holdout, temporal and ratings (default 0.2). */
  testFraction?: number;
  /** Holdout: users with fewer interactions stay wholly in train (default 5). */
  minInteractions?: number;
}

/** Row positions of the train and test parts, each in (user id, timestamp, item id) order. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

export function isProtocol(name: string): name is Protocol {
  return (protocolNames as readonly string[]).includes(name);
}

/** Top-N protocols rank items; `ratings` predicts values. */
export function isRankingProtocol(protocol: Protocol): boolean {
  return protocol !== 'ratings';
}

/** Splits the rows of `table` by `protocol` (see the module comment); deterministic but for `ratings`' seed. */
export function splitTable(table: RatingTable, ids: IdSpace, protocol: Protocol, options: SplitOptions = {}): Split {
  const fraction = options.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`testFraction must lie in (0, 1), got ${fraction}`);
  const order = new Order(table, ids);
  switch (protocol) {
    case 'loo':
      return perUser(order, latestPerPair(order), (n) => (n >= 1 ? 1 : 0));
    case 'holdout': {
      const min = options.minInteractions ?? 5;
      return perUser(order, latestPerPair(order), (n) => (n >= min ? testCount(n, fraction) : 0));
    }
    case 'temporal': {
      const rows = latestPerPair(order);
      rows.sort(order.byTime);
      const cut = rows.length - testCount(rows.length, fraction);
      return { train: order.sorted(rows.subarray(0, cut)), test: order.sorted(rows.subarray(cut)) };
    }
    case 'ratings': {
      const rows = Int32Array.from({ length: table.length }, (_, r) => r);
      shuffleInPlace(rows, seededRandom(options.seed ?? 0));
      const cut = rows.length - testCount(rows.length, fraction);
      return { train: order.sorted(rows.subarray(0, cut)), test: order.sorted(rows.subarray(cut)) };
    }
  }
}

/**
 * ⌈fraction·n⌉ without floating-point surprises: 0.2·15 is 3.0000000000000004 in binary, which a
 * plain ceil turns into 4.
 */
export function testCount(n: number, fraction: number): number {
  return Math.ceil(Number((n * fraction).toPrecision(12)));
}

/** Orders rows by (user id, timestamp, item id) or globally by (timestamp, user id, item id). */
class Order {
  readonly #table: RatingTable;
  readonly #userRank: Int32Array;
  readonly #itemRank: Int32Array;

  constructor(table: RatingTable, ids: IdSpace) {
    this.#table = table;
    this.#userRank = idRanks(ids.userIds);
    this.#itemRank = idRanks(ids.itemIds);
  }

  readonly byUser = (a: number, b: number): number => {
    const t = this.#table;
    return this.#userRank[t.user[a]!]! - this.#userRank[t.user[b]!]! || this.byTimeThenItem(a, b);
  };

  readonly byTime = (a: number, b: number): number => {
    const t = this.#table;
    return t.timestamp[a]! - t.timestamp[b]! || this.#userRank[t.user[a]!]! - this.#userRank[t.user[b]!]! ||
      this.#itemRank[t.item[a]!]! - this.#itemRank[t.item[b]!]! || a - b;
  };

  byTimeThenItem(a: number, b: number): number {
    const t = this.#table;
    return t.timestamp[a]! - t.timestamp[b]! || this.#itemRank[t.item[a]!]! - this.#itemRank[t.item[b]!]! || a - b;
  }

  sorted(rows: Int32Array): Int32Array {
    return rows.slice().sort(this.byUser);
  }

  userOf(row: number): number {
    return this.#table.user[row]!;
  }

  itemOf(row: number): number {
    return this.#table.item[row]!;
  }

  get length(): number {
    return this.#table.length;
  }
}

/** All rows sorted by user then time, keeping only the latest row of each (user, item) pair. */
function latestPerPair(order: Order): Int32Array {
  const rows = Int32Array.from({ length: order.length }, (_, r) => r).sort(order.byUser);
  const keep = new Uint8Array(rows.length);
  const latest = new Map<number, number>();
  for (let p = 0; p <= rows.length; p++) {
    if (p === rows.length || (p > 0 && order.userOf(rows[p]!) !== order.userOf(rows[p - 1]!))) {
      for (const q of latest.values()) keep[q] = 1;
      latest.clear();
      if (p === rows.length) break;
    }
    latest.set(order.itemOf(rows[p]!), p);
  }
  return rows.filter((_, p) => keep[p] === 1);
}

/** Splits each user's time-ordered rows: the last `testSize(n)` go to test. */
function perUser(order: Order, rows: Int32Array, testSize: (n: number) => number): Split {
  const train: number[] = [];
  const test: number[] = [];
  let start = 0;
  for (let p = 1; p <= rows.length; p++) {
    if (p < rows.length && order.userOf(rows[p]!) === order.userOf(rows[start]!)) continue;
    const n = p - start;
    const cut = p - testSize(n);
    for (let q = start; q < cut; q++) train.push(rows[q]!);
    for (let q = cut; q < p; q++) test.push(rows[q]!);
    start = p;
  }
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
