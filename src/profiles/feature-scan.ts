/**
 * One pass over a window of the event log that accumulates every learner feature in flat typed
 * arrays (one slot per learner), then turns the tallies into the feature columns. It knows no SQL:
 * `learner-features.ts` feeds it rows, order items and answered questions.
 *
 * @example
 *   const scan = new FeatureScan(userCount, catalog, clock, asOf, windowDays);
 *   for (const row of rows) scan.addEvent(userIndex.get(row.user_id)!, row);
 *   const { columns } = scan.finish(firstSeenMs);
 */
import type { CatalogIndex } from './catalog-index.js';
import { EventCode, isActiveCode } from './event-codes.js';
import { featureNames, type FeatureName } from './feature-catalogue.js';
import { heartbeatSeconds, interestWeight, interestWeights } from './interest-strength.js';
import { dayMs, isWeekendDay, type LocalClock } from './local-days.js';
import { streaksOf } from './streaks.js';

/**
 * The event columns the scan reads. `item_id` may be left null for heartbeats (their course is
 * enough); `detail` is the device (views, Signed In), quiz `passed` or question id by event.
 */
export interface ScanEvent {
  code: number;
  item_id: string | null;
  course_id: string | null;
  value: number | null;
  timestamp: number;
  detail: string | number | null;
}

export interface ScanResult {
  columns: Record<FeatureName, Float64Array>;
  levels: { preferredTopic: string[]; device: string[] };
  /** Interest strength per learner × category (row-major, `categories` order). */
  interests: Float32Array;
}

const weekMs = 7 * dayMs;
/** Learner × item keys in one number: items up to 2^22, learners up to 2^31 stay below 2^53. */
const itemSpan = 4_194_304;
const maxDevices = 16;

export class FeatureScan {
  readonly #n: number;
  readonly #catalog: CatalogIndex;
  readonly #clock: LocalClock;
  readonly #asOf: number;
  readonly #windowDays: number;
  readonly #categories: number;
  readonly #lastActive: Float64Array;
  readonly #lastDay: Int32Array;
  readonly #lastCourse: Int32Array;
  #dayPairs = new Int32Array(1 << 16);
  #pairCount = 0;
  readonly #hours: Int32Array;
  readonly #weekly: Float64Array;
  readonly #watchedS: Float64Array;
  readonly #revenue: Float64Array;
  readonly #refunded: Float64Array;
  readonly #orders: Int32Array;
  readonly #refunds: Int32Array;
  readonly #lastPurchase: Float64Array;
  readonly #ratings: Int32Array;
  readonly #ratingSum: Float64Array;
  readonly #quizzesFailed: Int32Array;
  readonly #questions: Int32Array;
  readonly #answers: Int32Array;
  readonly #interests: Float32Array;
  readonly #deviceCounts: Int32Array;
  readonly #devices = new Map<string, number>();
  readonly #started = new Set<number>();
  readonly #completed = new Set<number>();
  readonly #coursesStarted = new Set<number>();
  readonly #bought = new Set<number>();
  readonly #refundedItems = new Set<number>();
  readonly #askedBy: number[] = [];
  readonly #askedIds: string[] = [];
  readonly #answered = new Set<string>();

  constructor(n: number, catalog: CatalogIndex, clock: LocalClock, asOf: number, windowDays: number) {
    this.#n = n;
    this.#catalog = catalog;
    this.#clock = clock;
    this.#asOf = asOf;
    this.#windowDays = windowDays;
    this.#categories = Math.max(1, catalog.categories.length);
    this.#lastActive = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.#lastDay = new Int32Array(n).fill(-2147483648);
    this.#lastCourse = new Int32Array(n).fill(-1);
    this.#hours = new Int32Array(n * 24);
    this.#weekly = new Float64Array(n * 4);
    this.#watchedS = new Float64Array(n);
    this.#revenue = new Float64Array(n);
    this.#refunded = new Float64Array(n);
    this.#orders = new Int32Array(n);
    this.#refunds = new Int32Array(n);
    this.#lastPurchase = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    this.#ratings = new Int32Array(n);
    this.#ratingSum = new Float64Array(n);
    this.#quizzesFailed = new Int32Array(n);
    this.#questions = new Int32Array(n);
    this.#answers = new Int32Array(n);
    this.#interests = new Float32Array(n * this.#categories);
    this.#deviceCounts = new Int32Array(n * maxDevices);
  }

  /** One event of learner `u` (its index in the table); times must lie in the window before asOf. */
  addEvent(u: number, e: ScanEvent): void {
    const ts = e.timestamp;
    const code = e.code;
    if (isActiveCode(code)) {
      if (ts > this.#lastActive[u]!) this.#lastActive[u] = ts;
      const day = this.#clock.dayOf(ts);
      // Events arrive roughly in time order per learner, so most repeats of a day stop here.
      if (day !== this.#lastDay[u]) {
        this.#lastDay[u] = day;
        this.#pushDay(u, day);
      }
      this.#hours[u * 24 + this.#clock.hourOf(ts)]!++;
      if ((code === EventCode.View || code === EventCode.SignedIn) && typeof e.detail === 'string') this.#countDevice(u, e.detail);
    }
    const item = e.item_id === null ? -1 : this.#catalog.idOf(e.item_id);
    const course = e.course_id === null ? (item >= 0 ? this.#catalog.courseOf(item) : -1) : this.#catalog.idOf(e.course_id);
    const w = interestWeight(code, e.value);
    if (w !== 0) this.#addInterest(u, item >= 0 ? item : course, w);
    switch (code) {
      case EventCode.LessonProgress: {
        const s = heartbeatSeconds(e.value);
        this.#watchedS[u]! += s;
        const week = Math.floor((this.#asOf - ts) / weekMs);
        if (week < 4) this.#weekly[u * 4 + 3 - week]! += s / 60;
        this.#lessonTouched(u, item, course);
        break;
      }
      case EventCode.LessonStarted:
        this.#lessonTouched(u, item, course);
        break;
      case EventCode.LessonCompleted:
        this.#lessonTouched(u, item, course);
        if (item >= 0) this.#completed.add(u * itemSpan + item);
        break;
      case EventCode.OrderCompleted:
        this.#orders[u]!++;
        this.#revenue[u]! += e.value ?? 0;
        if (ts > this.#lastPurchase[u]!) this.#lastPurchase[u] = ts;
        break;
      case EventCode.OrderRefunded:
        this.#refunds[u]!++;
        this.#refunded[u]! += e.value ?? 0;
        break;
      case EventCode.ItemRated:
        if (e.value !== null) {
          this.#ratings[u]!++;
          this.#ratingSum[u]! += e.value;
        }
        break;
      case EventCode.QuizSubmitted: {
        const passed = e.detail === null ? (e.value ?? 0) >= 60 : !(e.detail === 0 || e.detail === '0' || e.detail === 'false');
        if (!passed) this.#quizzesFailed[u]!++;
        break;
      }
      case EventCode.QuestionAsked:
        this.#questions[u]!++;
        if (e.detail !== null) {
          this.#askedBy.push(u);
          this.#askedIds.push(String(e.detail));
        }
        break;
      case EventCode.AnswerPosted:
        this.#answers[u]!++;
        break;
    }
  }

  /** One product of an order (`Order Completed`) or of a refund (`Order Refunded`). */
  addOrderItem(u: number, itemId: string, event: string): void {
    const item = this.#catalog.idOf(itemId);
    if (event === 'Order Refunded') {
      this.#refundedItems.add(u * itemSpan + item);
      return;
    }
    this.#bought.add(u * itemSpan + item);
    this.#addInterest(u, item, interestWeights.purchase);
  }

  /** A question id that has an answer before asOf. */
  addAnswered(questionId: string): void {
    this.#answered.add(questionId);
  }

  #pushDay(u: number, day: number): void {
    if (this.#pairCount * 2 === this.#dayPairs.length) {
      const grown = new Int32Array(this.#dayPairs.length * 2);
      grown.set(this.#dayPairs);
      this.#dayPairs = grown;
    }
    this.#dayPairs[this.#pairCount * 2] = u;
    this.#dayPairs[this.#pairCount * 2 + 1] = day;
    this.#pairCount++;
  }

  #countDevice(u: number, device: string): void {
    let d = this.#devices.get(device);
    if (d === undefined) {
      if (this.#devices.size === maxDevices) return;
      d = this.#devices.size;
      this.#devices.set(device, d);
    }
    this.#deviceCounts[u * maxDevices + d]!++;
  }

  #addInterest(u: number, item: number, w: number): void {
    const c = this.#catalog.categoryOf(item);
    if (c >= 0) this.#interests[u * this.#categories + c]! += w;
  }

  #lessonTouched(u: number, lesson: number, course: number): void {
    if (lesson >= 0) this.#started.add(u * itemSpan + lesson);
    // A learner's heartbeats come in runs on one course: skip the set for repeats.
    if (course >= 0 && course !== this.#lastCourse[u]) {
      this.#lastCourse[u] = course;
      this.#coursesStarted.add(u * itemSpan + course);
    }
  }

  /** The feature columns; `firstSeenMs[u]` is each learner's first event time. */
  finish(firstSeenMs: Float64Array): ScanResult {
    const n = this.#n;
    const c = Object.fromEntries(featureNames.map((name) => [name, new Float64Array(n)])) as Record<FeatureName, Float64Array>;
    const asOf = this.#asOf;
    const activeDays = this.#activeDays(c);
    const started = countPerLearner(this.#started, n);
    const coursesStarted = countPerLearner(this.#coursesStarted, n);
    this.#courseCounts(c);
    for (let q = 0; q < this.#askedIds.length; q++) {
      if (!this.#answered.has(this.#askedIds[q]!)) c.questionsUnanswered[this.#askedBy[q]!]!++;
    }
    for (let u = 0; u < n; u++) {
      const tenureDays = Math.max(0, (asOf - firstSeenMs[u]!) / dayMs);
      const observedDays = Math.min(this.#windowDays, tenureDays);
      c.daysSinceFirstSeen[u] = tenureDays;
      c.recencyDays[u] = Number.isFinite(this.#lastActive[u]!) ? (asOf - this.#lastActive[u]!) / dayMs : observedDays;
      c.spend[u] = this.#revenue[u]! - this.#refunded[u]!;
      c.orders[u] = this.#orders[u]!;
      c.refunds[u] = this.#refunds[u]!;
      c.daysSinceLastPurchase[u] = Number.isFinite(this.#lastPurchase[u]!) ? (asOf - this.#lastPurchase[u]!) / dayMs : Number.NaN;
      let sum = 0;
      for (let w = 0; w < 4; w++) sum += this.#weekly[u * 4 + w]!;
      c.learningMinutesPerWeek[u] = sum / 4;
      // Slope against x = 0..3 (x̄ = 1.5, Σ(x − x̄)² = 5).
      let slope = 0;
      for (let w = 0; w < 4; w++) slope += (w - 1.5) * this.#weekly[u * 4 + w]!;
      c.learningTrend[u] = slope / 5;
      c.completionRate[u] = started[u]! > 0 ? c.lessonsCompleted[u]! / started[u]! : Number.NaN;
      c.coursesStarted[u] = coursesStarted[u]!;
      c.boughtNeverStartedShare[u] = c.coursesBought[u]! > 0 ? c.boughtNeverStartedShare[u]! / c.coursesBought[u]! : Number.NaN;
      c.ratingsGiven[u] = this.#ratings[u]!;
      c.meanRating[u] = this.#ratings[u]! > 0 ? this.#ratingSum[u]! / this.#ratings[u]! : Number.NaN;
      c.quizzesFailed[u] = this.#quizzesFailed[u]!;
      c.questionsAsked[u] = this.#questions[u]!;
      c.answersPosted[u] = this.#answers[u]!;
      c.activeDaysPerWeek[u] = activeDays[u]! / Math.max(1, observedDays / 7);
      c.minutesPerActiveDay[u] = activeDays[u]! > 0 ? this.#watchedS[u]! / 60 / activeDays[u]! : 0;
      c.preferredHour[u] = argMax(this.#hours, u * 24, 24);
      c.preferredTopic[u] = argMax(this.#interests, u * this.#categories, this.#categories);
      c.device[u] = argMax(this.#deviceCounts, u * maxDevices, maxDevices);
    }
    return {
      columns: c,
      levels: { preferredTopic: [...this.#catalog.categories], device: [...this.#devices.keys()] },
      interests: this.#interests,
    };
  }

  /** Groups the (learner, day) pairs into sorted day lists; fills the day-based columns. */
  #activeDays(c: Record<FeatureName, Float64Array>): Int32Array {
    const n = this.#n;
    const pairs = this.#dayPairs;
    const offsets = new Int32Array(n + 1);
    for (let p = 0; p < this.#pairCount; p++) offsets[pairs[p * 2]! + 1]!++;
    for (let u = 0; u < n; u++) offsets[u + 1]! += offsets[u]!;
    const days = new Int32Array(this.#pairCount);
    const fill = offsets.slice(0, n);
    for (let p = 0; p < this.#pairCount; p++) days[fill[pairs[p * 2]!]!++] = pairs[p * 2 + 1]!;
    const today = this.#clock.dayOf(this.#asOf - 1);
    const counts = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      const own = days.subarray(offsets[u]!, offsets[u + 1]!).sort();
      let k = 0;
      for (let i = 0; i < own.length; i++) if (i === 0 || own[i] !== own[i - 1]) own[k++] = own[i]!;
      const unique = own.subarray(0, k);
      let recent = 0;
      let weekend = 0;
      for (let i = 0; i < k; i++) {
        if (unique[i]! > today - 28) recent++;
        if (isWeekendDay(unique[i]!)) weekend++;
      }
      const span = k > 0 ? unique[k - 1]! - unique[0]! + 1 : 0;
      c.activeSpanDays[u] = span;
      c.activeDaysPerActiveWeek[u] = k / Math.max(1, span / 7);
      const s = streaksOf(unique, today);
      counts[u] = k;
      c.activeDays28[u] = recent;
      c.weekendShare[u] = k > 0 ? weekend / k : Number.NaN;
      c.currentStreakDays[u] = s.current;
      c.longestStreakDays[u] = s.longest;
    }
    return counts;
  }

  /** Lessons completed, courses bought (less refunds), never started and finished. */
  #courseCounts(c: Record<FeatureName, Float64Array>): void {
    const catalog = this.#catalog;
    const perCourse = new Map<number, number>();
    for (const key of this.#completed) {
      const u = Math.floor(key / itemSpan);
      c.lessonsCompleted[u]!++;
      const course = catalog.courseOf(key - u * itemSpan);
      if (course >= 0 && course !== key - u * itemSpan) {
        const k = u * itemSpan + course;
        perCourse.set(k, (perCourse.get(k) ?? 0) + 1);
      }
    }
    for (const [key, done] of perCourse) {
      const u = Math.floor(key / itemSpan);
      const total = catalog.lessonCount(key - u * itemSpan);
      if (total > 0 && done >= total) c.coursesFinished[u]!++;
    }
    for (const key of this.#bought) {
      if (this.#refundedItems.has(key)) continue;
      const u = Math.floor(key / itemSpan);
      if (!catalog.isCourse(key - u * itemSpan)) continue;
      c.coursesBought[u]!++;
      // Tallied here, divided by courses bought in `finish`.
      if (!this.#coursesStarted.has(key)) c.boughtNeverStartedShare[u]!++;
    }
  }
}

function countPerLearner(keys: Set<number>, n: number): Int32Array {
  const counts = new Int32Array(n);
  for (const key of keys) counts[Math.floor(key / itemSpan)]!++;
  return counts;
}

/** Index of the largest positive entry of `a[from .. from + length)`, NaN when all are 0. */
function argMax(a: Int32Array | Float32Array, from: number, length: number): number {
  let best = -1;
  let bestValue = 0;
  for (let i = 0; i < length; i++) {
    if (a[from + i]! > bestValue) {
      bestValue = a[from + i]!;
      best = i;
    }
  }
  return best < 0 ? Number.NaN : best;
}
