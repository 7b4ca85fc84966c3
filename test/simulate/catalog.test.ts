import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateCatalog, productKinds } from '../../src/simulate/catalog.js';
import { topics } from '../../src/simulate/vocabulary.js';

const catalog = generateCatalog(1, 300);
const byId = new Map(catalog.items.map((item) => [item.id, item]));

test('the catalog has 300 courses with 5–30 lessons each, plus the other kinds', () => {
  const counts: Record<string, number> = {};
  for (const item of catalog.items) counts[item.type] = (counts[item.type] ?? 0) + 1;
  assert.equal(counts.course, 300);
  for (const kind of ['ebook', 'audio', 'column', 'live']) assert.ok((counts[kind] ?? 0) >= 20, `${kind}: ${counts[kind]}`);
  assert.equal(byId.size, catalog.items.length, 'ids are unique');
  for (let p = 0; p < catalog.productCount; p++) {
    if (productKinds[catalog.productKind[p]!] !== 'course') continue;
    const n = catalog.lessonCount[p]!;
    assert.ok(n >= 5 && n <= 30, `${catalog.productIds[p]} has ${n} lessons`);
  }
});

test('lessons belong to their course, numbered 1..n, with durations; previews are free', () => {
  const lessons = catalog.items.filter((i) => i.type === 'lesson');
  assert.equal(lessons.length, catalog.lessonIds.length);
  const byCourse = new Map<string, number[]>();
  for (const l of lessons) {
    assert.ok(l.parentId && byId.get(l.parentId)?.type === 'course', `${l.id} has a course parent`);
    assert.ok(l.durationS! >= 180, `${l.id} duration`);
    byCourse.set(l.parentId!, [...(byCourse.get(l.parentId!) ?? []), l.position!]);
  }
  for (const positions of byCourse.values()) assert.deepEqual(positions, positions.map((_, i) => i + 1));
  const paidWithPreview = catalog.items.filter((i) => i.type === 'course' && i.price! > 0 && byId.get(`${i.id}-lesson-01`)?.price === 0);
  assert.ok(paidWithPreview.length > 100, `${paidWithPreview.length} paid courses with a free first lesson`);
  assert.ok(catalog.items.some((i) => i.type === 'course' && i.price === 0), 'some courses are free');
});

test('items have the items API shape, text in Chinese and English from the topic vocabulary', () => {
  const allowed = new Set(['id', 'type', 'title', 'parentId', 'category', 'tags', 'description', 'author', 'language', 'price', 'durationS', 'position']);
  for (const item of catalog.items) {
    for (const key of Object.keys(item)) assert.ok(allowed.has(key), `unexpected field ${key}`);
    assert.ok(item.title.length > 0);
    assert.ok(topics.some((t) => t.key === item.category));
  }
  const courses = catalog.items.filter((i) => i.type === 'course');
  const zh = courses.filter((c) => c.language === 'zh');
  const en = courses.filter((c) => c.language === 'en');
  assert.ok(zh.length > 150 && en.length > 15, `zh ${zh.length}, en ${en.length}`);
  assert.ok(zh.every((c) => /[\u4e00-\u9fff]/.test(c.title + c.description)));
  assert.ok(en.every((c) => !/[\u4e00-\u9fff]/.test(c.title + c.description)));
  // The course's topic words appear in its own text, so text models have signal.
  for (const c of courses.slice(0, 50)) {
    const t = topics.find((x) => x.key === c.category)!;
    const lang = c.language as 'zh' | 'en';
    assert.ok(t.subjects.some((s) => c.title.includes(s[lang])), `${c.title} names a ${t.key} subject`);
  }
});

test('hidden truth: quality and difficulty in [0,1], hard lessons never the first, easy titles are easier', () => {
  let easy = 0, easyN = 0, hardT = 0, hardN = 0;
  for (let p = 0; p < catalog.productCount; p++) {
    const q = catalog.productQuality[p]!;
    const d = catalog.productDifficulty[p]!;
    assert.ok(q >= 0 && q <= 1 && d >= 0 && d <= 1);
    const title = catalog.productTitles[p]!;
    if (/入门|零基础|for Beginners|from Scratch/.test(title)) { easy += d; easyN++; }
    if (/高手之路|核心原理|Mastering|Core Principles/.test(title)) { hardT += d; hardN++; }
    const first = catalog.firstLesson[p]!;
    if (first < 0) continue;
    let hard = 0;
    for (let j = 0; j < catalog.lessonCount[p]!; j++) hard += catalog.lessonHard[first + j]!;
    assert.ok(hard >= 1 && hard <= 3);
    assert.equal(catalog.lessonHard[first], 0);
  }
  assert.ok(easy / easyN + 0.3 < hardT / hardN, 'titles promising an easy course are easier');
});

test('same seed → same catalog; another seed → another one', () => {
  assert.deepEqual(generateCatalog(1, 300).items, catalog.items);
  assert.notDeepEqual(generateCatalog(2, 300).items.slice(0, 20), catalog.items.slice(0, 20));
  assert.equal(generateCatalog(1, 40).items.filter((i) => i.type === 'course').length, 40);
});
