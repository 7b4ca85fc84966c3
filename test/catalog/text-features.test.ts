import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildTextFeatures, interestVector, restoreTextFeatures, rowDot, sparseRow, storeTextFeatures, vectorizeItem,
  type ItemText, type TextFeatures,
} from '../../src/catalog/text-features.js';

const plain = { fieldWeights: { title: 1, description: 1, tags: 1, category: 1, author: 1 }, segmentation: 'index' } as const;

function rowOf(f: TextFeatures, r: number): Record<string, number> {
  const { indices, values } = sparseRow(f.vectors, r);
  return Object.fromEntries([...indices].map((t, j) => [f.vocabulary.terms[t]!, values[j]!]));
}

function close(a: number, b: number, eps = 1e-6): void {
  assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);
}

describe('buildTextFeatures', () => {
  const texts: ItemText[] = [{ title: 'apple banana' }, { title: 'apple' }, { title: 'cherry' }];

  it('counts document frequencies over a sorted vocabulary', () => {
    const f = buildTextFeatures(texts, plain);
    assert.deepEqual(f.vocabulary.terms, ['apple', 'banana', 'cherry']);
    assert.deepEqual([...f.vocabulary.df], [2, 1, 1]);
    assert.equal(f.vocabulary.nDocs, 3);
    assert.deepEqual([...f.vectors.indptr], [0, 2, 3, 4]);
  });

  it('weights by BM25 idf and L2-normalises each row', () => {
    const f = buildTextFeatures(texts, plain);
    const idfApple = Math.log(1 + 1.5 / 2.5);
    const idfBanana = Math.log(1 + 2.5 / 1.5);
    const norm = Math.hypot(idfApple, idfBanana);
    const row = rowOf(f, 0);
    close(row.apple!, idfApple / norm);
    close(row.banana!, idfBanana / norm);
    close(rowOf(f, 1).apple!, 1);
  });

  it('saturates repeated words under BM25 but not under TF-IDF, where log(1 + tf) grows', () => {
    const docs: ItemText[] = [{ title: 'data data data data science' }, { title: 'data science' }, { title: 'art' }];
    const bm25 = rowOf(buildTextFeatures(docs, { ...plain, k1: 0.5 }), 0);
    const tfidf = rowOf(buildTextFeatures(docs, { ...plain, weighting: 'tfidf' }), 0);
    close(tfidf.data! / tfidf.science!, Math.log1p(4) / Math.log1p(1));
    assert.ok(bm25.data! / bm25.science! < tfidf.data! / tfidf.science!);
  });

  it('weights title words above description words', () => {
    const f = buildTextFeatures([
      { title: 'python', description: 'weekly lessons' },
      { title: 'weekly lessons', description: 'python' },
      { title: 'cooking' },
    ]);
    const q = interestVector(f, ['python']);
    assert.ok(rowDot(f.vectors, 0, q) > rowDot(f.vectors, 1, q));
  });

  it('adds whole-phrase terms for tags, category and author', () => {
    const f = buildTextFeatures([{ title: '课', tags: ['Data  Analysis'], category: '金融', author: '薛兆丰' }], plain);
    for (const term of ['tag:data analysis', 'cat:金融', 'by:薛兆丰', 'data', 'analysis', '金融']) {
      assert.ok(f.vocabulary.index.has(term), `missing ${term}`);
    }
  });

  it('prunes rare and ubiquitous terms', () => {
    const docs: ItemText[] = [{ title: 'common rare1' }, { title: 'common pair' }, { title: 'common pair' }];
    assert.deepEqual(buildTextFeatures(docs, { ...plain, minDf: 2 }).vocabulary.terms, ['common', 'pair']);
    assert.deepEqual(buildTextFeatures(docs, { ...plain, maxDfRatio: 0.7 }).vocabulary.terms, ['pair', 'rare1']);
  });

  it('leaves items without text as empty rows', () => {
    const f = buildTextFeatures([undefined, { title: 'x' }, {}]);
    assert.deepEqual([...f.vectors.indptr], [0, 0, 1, 1]);
  });

  it('does not depend on item order beyond the row order', () => {
    const docs: ItemText[] = [{ title: 'Python 数据分析入门' }, { title: '考研英语' }, { title: 'Excel 数据透视' }];
    const a = buildTextFeatures(docs);
    const b = buildTextFeatures([docs[2]!, docs[0]!, docs[1]!]);
    assert.deepEqual(a.vocabulary.terms, b.vocabulary.terms);
    assert.deepEqual(rowOf(a, 0), rowOf(b, 1));
    assert.deepEqual(rowOf(a, 2), rowOf(b, 0));
  });

  it('vectorises a known text exactly like its row', () => {
    const docs: ItemText[] = [{ title: 'Python 数据分析入门', tags: ['数据分析'] }, { title: '考研英语', category: '考研' }];
    const f = buildTextFeatures(docs);
    const v = vectorizeItem(f, docs[0]!);
    const row = sparseRow(f.vectors, 0);
    assert.deepEqual([...v.indices], [...row.indices]);
    assert.deepEqual([...v.values], [...row.values]);
  });

  it('builds interest vectors from words and whole phrases, ignoring unknown words', () => {
    const f = buildTextFeatures([{ title: '投资入门', category: '金融' }, { title: '考研英语' }]);
    const q = interestVector(f, ['金融', 'quantum']);
    const terms = [...q.indices].map((t) => f.vocabulary.terms[t]);
    assert.deepEqual(terms.sort(), ['cat:金融', '金融']);
    close(Math.hypot(...q.values), 1);
    assert.equal(interestVector(f, ['quantum']).indices.length, 0);
  });

  it('round-trips through store → restore', () => {
    const f = buildTextFeatures([{ title: 'Python 数据分析入门' }, { title: '考研英语', author: '某老师' }], { weighting: 'tfidf' });
    const g = restoreTextFeatures(structuredClone(storeTextFeatures(f)));
    assert.deepEqual(g.vectors, f.vectors);
    assert.deepEqual(g.vocabulary.idf, f.vocabulary.idf);
    assert.deepEqual(g.options, f.options);
    assert.equal(g.avgDocLength, f.avgDocLength);
  });

  it('rejects negative field weights', () => {
    assert.throws(() => buildTextFeatures([], { fieldWeights: { title: -1 } }), RangeError);
  });
});
