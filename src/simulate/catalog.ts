/**
 * The simulated platform's catalog: courses (each with 5–30 lessons), e-books, audio series, columns
 * and live talks across the topics of `vocabulary.ts`, in the items API's shape, plus each product's
 * hidden truth (quality, difficulty, hard lessons) in flat arrays the behaviour model reads.
 *
 * Quality comes mostly from the author (good authors make good courses), difficulty scatters around
 * what the title promises (入门 / for Beginners is easy, 高手之路 / Mastering is hard), and one to
 * three lessons per course are "hard": learners rewind them and drop off there more often.
 * The catalog depends only on the seed and the number of courses.
 *
 * @example
 *   const catalog = generateCatalog(1, 300);
 *   catalog.items[0];                 // { id: 'course-0001', type: 'course', title: '…', … }
 *   catalog.productQuality[0];        // hidden quality of course-0001, 0–1
 */
import { Rng } from './random.js';
import { topics, type Bilingual } from './vocabulary.js';
import {
  audioForms, columnForms, courseDescription, courseForms, ebookForms, fillForm, lessonTitle, liveForms,
  personName, type Language, type TitleForm,
} from './phrases.js';

export type ItemType = 'course' | 'lesson' | 'ebook' | 'audio' | 'column' | 'live';

/** One catalog item, exactly the shape `POST /v1/items` accepts. */
export interface CatalogItem {
  id: string;
  type: ItemType;
  title: string;
  parentId?: string;
  category?: string;
  tags?: string[];
  description?: string;
  author?: string;
  language?: string;
  price?: number;
  durationS?: number;
  position?: number;
}

/** What can be bought or opened on its own (lessons belong to a course). */
export const productKinds = ['course', 'ebook', 'audio', 'column', 'live'] as const;
export type ProductKind = (typeof productKinds)[number];
export const COURSE = 0;

export interface Catalog {
  /** Every item in the items API's shape: each course followed by its lessons, then the rest. */
  readonly items: CatalogItem[];
  readonly productCount: number;
  readonly productIds: readonly string[];
  readonly productTitles: readonly string[];
  readonly productKind: Uint8Array;
  readonly productTopic: Int32Array;
  readonly productLanguage: Uint8Array;
  /** Three topic-local aspect indices per product (what its description and reviews talk about). */
  readonly productAspects: Int32Array;
  readonly productSubject: Int32Array;
  readonly productQuality: Float64Array;
  readonly productDifficulty: Float64Array;
  readonly productPrice: Float64Array;
  /** Courses: index of the first lesson in the lesson arrays; other products: -1. */
  readonly firstLesson: Int32Array;
  readonly lessonCount: Int32Array;
  readonly lessonIds: readonly string[];
  readonly lessonDurationS: Int32Array;
  readonly lessonHard: Uint8Array;
  readonly lessonFree: Uint8Array;
  readonly lessonQuiz: Uint8Array;
  /** Topic-local aspect index each lesson is about. */
  readonly lessonAspect: Int32Array;
  readonly productsByTopic: readonly Int32Array[];
  /** Products per subject, keyed by `subjectKey(topic, subject)`. */
  readonly productsBySubject: ReadonlyMap<number, Int32Array>;
  readonly productIndex: ReadonlyMap<string, number>;
  /** lesson id → course product index. */
  readonly lessonCourse: ReadonlyMap<string, number>;
}

/** The key of a (topic, subject-within-topic) pair in `productsBySubject`. */
export function subjectKey(topic: number, subject: number): number {
  return topic * 16 + subject;
}


interface Author {
  name: string;
  language: Language;
  skill: number;
  topic: number;
}

const coursePrices = [19.9, 29.9, 49, 69, 99, 129, 199, 299];
const kindShares: Readonly<Record<Exclude<ProductKind, 'course'>, number>> = { ebook: 0.2, audio: 0.13, column: 0.1, live: 0.1 };
const formsByKind: Readonly<Record<Exclude<ProductKind, 'course'>, readonly TitleForm[]>> = {
  ebook: ebookForms, audio: audioForms, column: columnForms, live: liveForms,
};

/** Build the catalog for a seed; `courses` sets the size (other kinds scale with it). */
export function generateCatalog(seed: number, courses: number): Catalog {
  const rng = new Rng(seed, 'catalog');
  const authors = makeAuthors(rng, Math.max(12, Math.round(courses / 4)));
  const kinds: number[] = [];
  for (let i = 0; i < courses; i++) kinds.push(COURSE);
  for (const [k, share] of Object.entries(kindShares)) {
    const kind = productKinds.indexOf(k as ProductKind);
    for (let i = 0; i < Math.round(courses * share); i++) kinds.push(kind);
  }
  const n = kinds.length;
  const b = new CatalogBuilder(n);
  const usedTitles = new Set<string>();
  const counters = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    const kind = kinds[p]!;
    const count = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, count);
    const author = rng.pick(authors);
    // Authors mostly publish in their own topic, sometimes next to it.
    const t = rng.chance(0.8) ? author.topic : rng.int(topics.length);
    b.add(rng, p, kind, count, t, author, usedTitles);
  }
  return b.finish();
}

function makeAuthors(rng: Rng, count: number): Author[] {
  const out: Author[] = [];
  for (let i = 0; i < count; i++) {
    const language: Language = rng.chance(0.15) ? 'en' : 'zh';
    out.push({ name: personName(rng, language), language, skill: rng.beta(3, 2), topic: i % topics.length });
  }
  return out;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function roundPrice(x: number): number {
  return Math.round(x * 100) / 100;
}

class CatalogBuilder {
  readonly items: CatalogItem[] = [];
  readonly ids: string[] = [];
  readonly titles: string[] = [];
  readonly kind: Uint8Array;
  readonly topic: Int32Array;
  readonly language: Uint8Array;
  readonly aspects: Int32Array;
  readonly subject: Int32Array;
  readonly quality: Float64Array;
  readonly difficulty: Float64Array;
  readonly price: Float64Array;
  readonly firstLesson: Int32Array;
  readonly lessonCount: Int32Array;
  readonly lessonIds: string[] = [];
  readonly lessonDuration: number[] = [];
  readonly lessonHard: number[] = [];
  readonly lessonFree: number[] = [];
  readonly lessonQuiz: number[] = [];
  readonly lessonAspect: number[] = [];

  constructor(n: number) {
    this.kind = new Uint8Array(n);
    this.topic = new Int32Array(n);
    this.language = new Uint8Array(n);
    this.aspects = new Int32Array(n * 3);
    this.subject = new Int32Array(n);
    this.quality = new Float64Array(n);
    this.difficulty = new Float64Array(n);
    this.price = new Float64Array(n);
    this.firstLesson = new Int32Array(n).fill(-1);
    this.lessonCount = new Int32Array(n);
  }

  add(rng: Rng, p: number, kind: number, count: number, t: number, author: Author, usedTitles: Set<string>): void {
    const kindName = productKinds[kind]!;
    const tp = topics[t]!;
    const language = author.language;
    const s = rng.int(tp.subjects.length);
    const subject = tp.subjects[s]!;
    const forms = kind === COURSE ? courseForms : formsByKind[kindName as Exclude<ProductKind, 'course'>];
    const f = rng.pick(forms);
    let title = fillForm(f, language, subject, author.name);
    for (let edition = 2; usedTitles.has(title); edition++) {
      title = `${fillForm(f, language, subject, author.name)}${language === 'zh' ? `（第${edition}版）` : ` (Edition ${edition})`}`;
    }
    usedTitles.add(title);
    const picked = pickDistinct(rng, tp.aspects.length, 3);
    const aspects = picked.map((a) => tp.aspects[a]!);
    for (let j = 0; j < 3; j++) this.aspects[p * 3 + j] = picked[j]!;
    const id = `${kindName}-${String(count).padStart(kind === COURSE ? 4 : 3, '0')}`;
    const quality = clamp01(0.55 * author.skill + 0.45 * rng.beta(2.5, 2));
    const difficulty = clamp01(f.difficulty + rng.normal(0, 0.1));
    const lessons = kind === COURSE ? 5 + rng.int(26) : 0;
    const price = this.#price(rng, kindName, lessons);
    this.ids.push(id);
    this.titles.push(title);
    this.kind[p] = kind;
    this.topic[p] = t;
    this.language[p] = language === 'zh' ? 0 : 1;
    this.subject[p] = s;
    this.quality[p] = quality;
    this.difficulty[p] = difficulty;
    this.price[p] = price;
    const item: CatalogItem = {
      id, type: kindName, title, category: tp.key,
      tags: [tp.name[language], subject[language], aspects[0]![language], aspects[1]![language]],
      description: courseDescription(language, subject, aspects, tp.audience, lessons, author.name),
      author: author.name, language, price,
    };
    if (kindName === 'audio') item.durationS = (8 + rng.int(40)) * 15 * 60;
    if (kindName === 'live') item.durationS = 3600 + rng.int(4) * 900;
    this.items.push(item);
    if (kind === COURSE) this.#addLessons(rng, p, id, lessons, language, tp.aspects, picked, author.name, t);
  }

  #price(rng: Rng, kind: string, lessons: number): number {
    switch (kind) {
      case 'course': {
        if (rng.chance(0.1)) return 0;
        // Longer courses cost more, with scatter.
        const rank = Math.min(coursePrices.length - 1, Math.max(0, Math.round(lessons / 4 - 1 + rng.normal(0, 1.2))));
        return coursePrices[rank]!;
      }
      case 'ebook': return rng.pick([9.9, 19.9, 29.9, 39]);
      case 'audio': return rng.pick([0, 9.9, 19.9, 49]);
      case 'column': return rng.pick([99, 199]);
      default: return rng.chance(0.6) ? 0 : roundPrice(rng.pick([9.9, 19.9]));
    }
  }

  #addLessons(
    rng: Rng, p: number, courseId: string, lessons: number, language: Language,
    aspects: readonly Bilingual[], courseAspects: number[], author: string, t: number,
  ): void {
    const first = this.lessonIds.length;
    this.firstLesson[p] = first;
    this.lessonCount[p] = lessons;
    const meanS = 360 + rng.int(600);
    const hard = new Set<number>();
    const hardCount = 1 + (lessons >= 12 ? 1 : 0) + (rng.chance(0.3) ? 1 : 0);
    // Hard lessons sit after the preview, more often in the second half of a course.
    while (hard.size < hardCount) hard.add(1 + Math.floor(Math.sqrt(rng.next()) * (lessons - 1)));
    const paid = this.price[p]! > 0;
    const previews = paid ? (rng.chance(0.7) ? 1 : 0) + (rng.chance(0.2) ? 1 : 0) : lessons;
    for (let i = 0; i < lessons; i++) {
      const position = i + 1;
      // Lessons mostly follow the course's own aspects, drifting to neighbouring ones.
      const a = rng.chance(0.6) ? courseAspects[i % 3]! : rng.int(aspects.length);
      const id = `${courseId}-lesson-${String(position).padStart(2, '0')}`;
      const durationS = Math.max(180, Math.round(meanS * rng.between(0.6, 1.4) / 10) * 10);
      const free = i < previews ? 1 : 0;
      this.lessonIds.push(id);
      this.lessonDuration.push(durationS);
      this.lessonHard.push(hard.has(i) ? 1 : 0);
      this.lessonFree.push(free);
      this.lessonQuiz.push(position % 4 === 0 || position === lessons ? 1 : 0);
      this.lessonAspect.push(a);
      const item: CatalogItem = {
        id, type: 'lesson', title: lessonTitle(rng, language, position, aspects[a]!), parentId: courseId,
        category: topics[t]!.key, author, language, durationS, position,
      };
      if (free === 1) item.price = 0;
      this.items.push(item);
    }
  }

  finish(): Catalog {
    const n = this.ids.length;
    const byTopic: number[][] = topics.map(() => []);
    const bySubject = new Map<number, number[]>();
    const productIndex = new Map<string, number>();
    for (let p = 0; p < n; p++) {
      byTopic[this.topic[p]!]!.push(p);
      const key = subjectKey(this.topic[p]!, this.subject[p]!);
      const list = bySubject.get(key) ?? [];
      list.push(p);
      bySubject.set(key, list);
      productIndex.set(this.ids[p]!, p);
    }
    const lessonCourse = new Map<string, number>();
    for (let p = 0; p < n; p++) {
      for (let j = 0; j < this.lessonCount[p]!; j++) lessonCourse.set(this.lessonIds[this.firstLesson[p]! + j]!, p);
    }
    return Object.freeze({
      items: this.items,
      productCount: n,
      productIds: this.ids,
      productTitles: this.titles,
      productKind: this.kind,
      productTopic: this.topic,
      productLanguage: this.language,
      productAspects: this.aspects,
      productSubject: this.subject,
      productQuality: this.quality,
      productDifficulty: this.difficulty,
      productPrice: this.price,
      firstLesson: this.firstLesson,
      lessonCount: this.lessonCount,
      lessonIds: this.lessonIds,
      lessonDurationS: Int32Array.from(this.lessonDuration),
      lessonHard: Uint8Array.from(this.lessonHard),
      lessonFree: Uint8Array.from(this.lessonFree),
      lessonQuiz: Uint8Array.from(this.lessonQuiz),
      lessonAspect: Int32Array.from(this.lessonAspect),
      productsByTopic: byTopic.map((l) => Int32Array.from(l)),
      productsBySubject: new Map([...bySubject].map(([k, v]) => [k, Int32Array.from(v)])),
      productIndex,
      lessonCourse,
    });
  }
}

function pickDistinct(rng: Rng, n: number, k: number): number[] {
  const out: number[] = [];
  while (out.length < k) {
    const x = rng.int(n);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}
