import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { content, ContentModel } from '../../src/recommend/algorithms/content.js';
import { interactionsFromTriples, type Interactions, type Triple } from '../../src/recommend/interactions.js';
import type { ItemText } from '../../src/catalog/text-features.js';
import { checkerboard } from './fixtures.js';
import { runContractSuite } from './contract.js';

// The checkerboard's item groups get texts of two different topics; the cold item one of each.
const board = checkerboard();
const boardTexts = new Map<string, ItemText>(board.data.itemIds.map((id, i) => [id, {
  title: board.itemGroup[i] === 0 ? `Python 数据分析 第${i}讲` : board.itemGroup[i] === 1 ? `考研英语 真题 第${i}讲` : '摄影 基础',
  tags: board.itemGroup[i] === 0 ? ['数据分析'] : board.itemGroup[i] === 1 ? ['考研'] : [],
}]));
runContractSuite(content, { params: { itemTexts: boardTexts } });
runContractSuite(content, { params: { itemTexts: (id: string) => boardTexts.get(id), weighting: 'tfidf', segmentation: 'index', halfLifeDays: 3, history: 'binary' } });

/** A small zh/en catalog of four topics; `new-pandas` has no interactions (item cold start). */
const catalog: Record<string, ItemText> = {
  'py-da': { title: 'Python 数据分析入门', tags: ['数据分析', 'Python'], category: '数据' },
  'da-en': { title: 'Data Analysis with Python and pandas', description: 'Clean, explore and visualise data with pandas.', tags: ['data analysis', 'python'], category: '数据' },
  'excel-da': { title: '用 Excel 做数据分析', description: '数据透视表、图表与报表', tags: ['数据分析', 'Excel'], category: '数据' },
  'sql-da': { title: 'SQL 数据分析实战', tags: ['数据分析', 'SQL'], category: '数据' },
  'new-pandas': { title: 'pandas 数据清洗实战', description: '用 Python 处理真实数据', tags: ['数据分析'], category: '数据' },
  'ky-en': { title: '考研英语真题精讲', tags: ['考研', '英语'], category: '考研' },
  'ky-math': { title: '考研数学全程班', tags: ['考研', '数学'], category: '考研' },
  'ky-pol': { title: '考研政治冲刺', tags: ['考研'], category: '考研' },
  'ky-vocab': { title: 'Kaoyan English vocabulary 考研英语词汇', tags: ['考研', 'English'], category: '考研' },
  'econ-xue': { title: '薛兆丰的经济学课', author: '薛兆丰', tags: ['经济学'], category: '经济' },
  'econ-pr': { title: '经济学原理 Principles of Economics', tags: ['经济学', 'economics'], category: '经济' },
  'econ-beh': { title: 'Behavioral Economics 行为经济学入门', tags: ['经济学'], category: '经济' },
  'js': { title: 'JavaScript 零基础入门', tags: ['前端', 'JavaScript'], category: '编程' },
  'node': { title: 'Node.js 后端开发实战', tags: ['JavaScript', '后端'], category: '编程' },
  'react': { title: 'React 前端开发 Web development', tags: ['前端', 'JavaScript'], category: '编程' },
};
const itemIds = Object.keys(catalog);
const dayMs = 86_400_000;

function dataOf(triples: Triple[]): Interactions {
  // Built over the catalog's ids so never-touched items (new-pandas) still have an index.
  return interactionsFromTriples(triples, { itemIds, userIds: [...new Set(triples.map((t) => t.user))] });
}

const data = dataOf([
  { user: 'analyst', item: 'py-da', value: 5, time: 10 * dayMs },
  { user: 'analyst', item: 'excel-da', value: 4, time: 11 * dayMs },
  { user: 'student', item: 'ky-en', value: 5, time: 10 * dayMs },
  { user: 'mixed', item: 'ky-math', value: 5, time: 1 * dayMs },
  { user: 'mixed', item: 'econ-xue', value: 5, time: 100 * dayMs },
]);

async function model(params: Record<string, unknown> = {}): Promise<ContentModel> {
  const m = content.create({ itemTexts: new Map(Object.entries(catalog)), ...params }) as ContentModel;
  await m.fit(data);
  return m;
}

const idx = (id: string) => data.itemIndex.get(id)!;
const ids = (items: ArrayLike<number>) => Array.from(items, (i) => (i < 0 ? '-' : itemIds[i]!));
const topic = (id: string) => catalog[id]!.category!;

function row(result: { k: number; items: Int32Array; scores: Float32Array }, r: number): string[] {
  return ids(result.items.subarray(r * result.k, (r + 1) * result.k));
}

function ranked(scores: Float32Array, exclude: readonly string[] = []): string[] {
  return itemIds.filter((id) => !exclude.includes(id)).sort((a, b) => scores[idx(b)]! - scores[idx(a)]! || idx(a) - idx(b));
}

describe('content', () => {
  it('finds similar courses across Chinese, English and mixed titles', async () => {
    const m = await model();
    const queries = ['py-da', 'da-en', 'ky-vocab', 'econ-pr', 'econ-beh', 'js', 'node'];
    const sim = m.similarItems(queries.map(idx), 2);
    queries.forEach((q, r) => {
      for (const id of row(sim, r)) assert.equal(topic(id), topic(q), `${q} → ${row(sim, r)}`);
    });
    // The English title finds the Chinese one through shared words (python, the 数据分析 tag's topic).
    assert.ok(row(m.similarItems([idx('da-en')], 3), 0).includes('py-da'));
    assert.deepEqual(new Set(row(m.similarItems([idx('econ-xue')], 2), 0)), new Set(['econ-pr', 'econ-beh']));
  });

  it('gives a never-interacted item content neighbours (item cold start)', async () => {
    const m = await model();
    const neighbours = row(m.similarItems([idx('new-pandas')], 3), 0);
    for (const id of neighbours) assert.equal(topic(id), '数据', `new-pandas → ${neighbours}`);
    const scores = m.scoreText({ title: '考研英语阅读理解', tags: ['考研'] });
    assert.ok(ranked(scores).slice(0, 3).every((id) => topic(id) === '考研'), `${ranked(scores)}`);
  });

  it('recommends from the profile of a learner, new items included', async () => {
    const m = await model();
    const recs = m.recommend([data.userIndex.get('analyst')!], 3);
    assert.deepEqual(new Set(row(recs, 0)), new Set(['da-en', 'sql-da', 'new-pandas']));
    const student = row(m.recommend([data.userIndex.get('student')!], 3), 0);
    assert.ok(student.every((id) => topic(id) === '考研'), `${student}`);
  });

  it('weighs recent history more with a half-life', async () => {
    const mixed = data.userIndex.get('mixed')!;
    const recent = row((await model({ halfLifeDays: 7 })).recommend([mixed], 2), 0);
    assert.ok(recent.every((id) => topic(id) === '经济'), `recent: ${recent}`);
    // Without decay the old 考研 course counts as much as the recent 经济学 one.
    const flat = row((await model({ halfLifeDays: 0 })).recommend([mixed], 4), 0).map(topic);
    assert.ok(flat.includes('考研') && flat.includes('经济'), `flat: ${flat}`);
  });

  it('weighs strong interactions more and lets negative ones push away', async () => {
    const m = await model();
    const strong = m.foldIn({ items: Int32Array.of(idx('ky-en'), idx('js')), values: Float32Array.of(5, 1) });
    assert.equal(topic(ranked(strong, ['ky-en', 'js'])[0]!), '考研');
    const disliked = m.foldIn({ items: Int32Array.of(idx('ky-en'), idx('ky-math')), values: Float32Array.of(5, -5) });
    assert.ok(disliked[idx('ky-math')]! < 0);
  });

  it('scores onboarding interests for a learner without history (user cold start)', async () => {
    const m = await model();
    const data1 = ranked(m.scoreInterests(['数据分析', 'python']));
    assert.ok(data1.slice(0, 5).every((id) => topic(id) === '数据'), `${data1}`);
    assert.ok(data1.slice(0, 2).includes('py-da'));
    const ky = ranked(m.scoreInterests(['考研']));
    assert.ok(ky.slice(0, 4).every((id) => topic(id) === '考研'), `${ky}`);
    assert.equal(ranked(m.scoreInterests(['薛兆丰']))[0], 'econ-xue');
    assert.ok(m.scoreInterests(['quantum chromodynamics']).every((s) => s === 0));
  });

  it('saves and loads vocabulary and vectors, deterministically', async () => {
    const a = await model();
    const b = await model();
    assert.deepEqual(a.save(), b.save());
    const loaded = content.load(structuredClone(a.save()), data) as ContentModel;
    assert.deepEqual(loaded.scoreInterests(['数据分析']), a.scoreInterests(['数据分析']));
    assert.deepEqual(loaded.scoreText(catalog['new-pandas']!), a.scoreText(catalog['new-pandas']!));
    assert.deepEqual(loaded.features.vocabulary.terms, a.features.vocabulary.terms);
    const shuffled = interactionsFromTriples([{ user: 'x', item: 'js', value: 1 }], { itemIds: [...itemIds].reverse() });
    assert.throws(() => content.load(structuredClone(a.save()), shuffled), /different item id space/);
  });

  it('explains a missing text source and rejects a wrong one', async () => {
    await assert.rejects(content.create().fit(data), /itemTexts/);
    assert.throws(() => content.create({ itemTexts: 'catalog.csv' }), TypeError);
    assert.throws(() => content.create({ itemTexts: catalog, k1: -1 }));
  });
});
