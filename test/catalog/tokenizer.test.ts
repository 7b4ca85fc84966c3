import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isStopWord, tokenize, tokenizeForSearch } from '../../src/catalog/tokenizer.js';

describe('tokenize', () => {
  it('keeps 数据分析, 考研 and 薛兆丰 whole', () => {
    assert.deepEqual(tokenize('数据分析'), ['数据分析']);
    assert.deepEqual(tokenize('考研'), ['考研']);
    assert.ok(tokenize('考研英语真题').includes('考研'));
    assert.deepEqual(tokenize('薛兆丰的经济学课'), ['薛兆丰', '经济学', '课']);
  });

  it('splits mixed "Python 数据分析入门" into python / 数据分析 / 入门', () => {
    assert.deepEqual(tokenize('Python 数据分析入门'), ['python', '数据分析', '入门']);
    assert.deepEqual(tokenize('Python数据分析入门'), ['python', '数据分析', '入门']);
  });

  it('lower-cases Latin words, drops English and Chinese stop words and punctuation', () => {
    assert.deepEqual(tokenize('The Art of Data Analysis!'), ['art', 'data', 'analysis']);
    assert.deepEqual(tokenize('如何学好数学？《高等数学》的方法'), ['学好', '数学', '高等数学', '方法']);
    assert.deepEqual(tokenize('……，。！？、——·「」'), []);
  });

  it('keeps numbers: years, versions, lesson numbers', () => {
    assert.deepEqual(tokenize('Toy Story (1995)'), ['toy', 'story', '1995']);
    assert.deepEqual(tokenize('第3讲 Python 3.10'), ['第', '3', '讲', 'python', '3.10']);
  });

  it('keeps programming-language names and drops possessives', () => {
    assert.deepEqual(tokenize('C++ 与 C# 入门'), ['c++', 'c#', '入门']);
    assert.deepEqual(tokenize("Schindler's List"), ['schindler', 'list']);
    assert.deepEqual(tokenize('Node.js / Vue.js'), ['node', 'js', 'vue', 'js']);
  });

  it('reads full-width letters and digits as ASCII', () => {
    assert.deepEqual(tokenize('Ｐｙｔｈｏｎ　２０２４'), ['python', '2024']);
  });

  it('keeps stop words on request', () => {
    assert.deepEqual(tokenize('the 的', { keepStopWords: true }), ['the', '的']);
    assert.ok(isStopWord('the') && isStopWord('的') && !isStopWord('c') && !isStopWord('入门'));
  });

  it('adds sub-words and unversioned names in search mode', () => {
    assert.deepEqual(tokenizeForSearch('数据分析入门'), ['数据', '分析', '数据分析', '入门']);
    assert.deepEqual(tokenizeForSearch('Python3 教程'), ['python3', 'python', '教程']);
    assert.deepEqual(tokenize('Python3 教程'), ['python3', '教程']);
  });

  it('returns nothing for empty or blank text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('   \n\t'), []);
  });

  it('gives the same tokens on repeated and interleaved calls (shared pattern state)', () => {
    const a = tokenize('Python 数据分析入门 Excel 考研');
    tokenize('别的 text');
    assert.deepEqual(tokenize('Python 数据分析入门 Excel 考研'), a);
  });
});
