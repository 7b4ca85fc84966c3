/**
 * Text features and the `content` recommender, measured:
 * 1. tokenisation throughput (titles/s) on 50,000 synthetic mixed Chinese/English course titles,
 *    beside jieba's bare `cut` on the same titles, and the time to build BM25 vectors over them;
 * 2. `content` on MovieLens latest-small, `loo` split (titles + genres + `tags.csv` tags as item
 *    text), beside `popularity` in the same run; parameters are chosen on a validation split carved
 *    from train by the same protocol, never on test.
 *
 * Run: node --import tsx bench/text.bench.ts [--data DIR] [--titles N] [--no-tune]
 * Prints a table and, last, one JSON line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { tokenize, tokenizeForSearch } from '../src/catalog/tokenizer.js';
import { buildTextFeatures, type ItemText } from '../src/catalog/text-features.js';
import { content } from '../src/recommend/algorithms/content.js';
import { popularity } from '../src/recommend/algorithms/popularity.js';
import { evaluateModel } from '../src/recommend/evaluate/runner.js';
import { evaluationData, type ValueMode } from '../src/recommend/evaluate/dataset.js';
import { newIdSpace, parseRatings, selectRows } from '../src/recommend/evaluate/rating-table.js';
import { splitTable } from '../src/recommend/evaluate/protocols.js';
import type { RankingMetrics } from '../src/recommend/evaluate/metrics.js';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dataDir = flag('--data') ?? '/work/shared/data/ml-latest-small';
const nTitles = Number(flag('--titles') ?? 50_000);
const tune = !args.includes('--no-tune');
const log = (m: string) => process.stderr.write(`${m}\n`);

// ---- 1. tokenisation throughput --------------------------------------------------------------

/** Deterministic mixed titles in the shape of a knowledge platform's catalog. */
function syntheticTitles(n: number): string[] {
  const zh = ['数据分析', '考研', '英语', '经济学', '机器学习', '入门', '实战', '精讲', '全程班', '零基础', '产品经理',
    '用户增长', '心理学', '投资理财', '写作课', '薛兆丰', '高等数学', '前端开发', '职场沟通', '读书会', '冲刺', '真题'];
  const surnames = ['薛', '罗', '李', '王', '张', '刘', '陈', '杨', '赵', '吴'];
  const given = ['兆丰', '振宇', '笑来', '一鸣', '晓明', '子涵', '思远', '雨桐', '浩然', '欣怡'];
  const en = ['Python', 'Excel', 'SQL', 'JavaScript', 'React', 'Node.js', 'C++', 'Data Science', 'MBA', 'PPT', 'AI',
    'Deep Learning', 'Marketing', 'iOS', 'Go', 'Pandas'];
  let s = 12345;
  const pick = <T>(xs: readonly T[]): T => xs[(s = (Math.imul(s, 1103515245) + 12345) >>> 0) % xs.length]!;
  return Array.from({ length: n }, (_, i) => {
    const parts = [pick(en), pick(zh), pick(zh)];
    if (i % 3 === 0) parts.push(`第${(i % 40) + 1}讲`);
    if (i % 4 === 0) parts.push(pick(en));
    if (i % 5 === 0) parts.push(`（${2020 + (i % 6)} 版）`);
    if (i % 7 === 0) parts.push(`${pick(surnames)}${pick(given)}主讲`);
    return i % 2 === 0 ? parts.join(' ') : parts.join('');
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median titles/s of `runs` passes of `fn` over all titles. */
function throughput(titles: readonly string[], fn: (t: string) => unknown, runs = 5): number {
  const rates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const t of titles) fn(t);
    rates.push(titles.length / ((performance.now() - t0) / 1000));
  }
  return median(rates);
}

const titles = syntheticTitles(nTitles);
tokenize('预热 warm-up'); // loads the dictionary outside the timed runs
const jieba = Jieba.withDict(dict);
const rates = {
  jiebaCut: throughput(titles, (t) => jieba.cut(t, true)),
  tokenize: throughput(titles, (t) => tokenize(t)),
  tokenizeForSearch: throughput(titles, (t) => tokenizeForSearch(t)),
};
const t0 = performance.now();
const built = buildTextFeatures(titles.map((title) => ({ title })));
const buildSeconds = (performance.now() - t0) / 1000;
log(`example: ${titles[1]} → ${JSON.stringify(tokenize(titles[1]!))}`);

// ---- 2. content on MovieLens loo --------------------------------------------------------------

/** RFC 4180 fields of one CSV line (MovieLens quotes titles that contain commas). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}

function movieTexts(dir: string, withTags: boolean): Map<string, ItemText> {
  const texts = new Map<string, ItemText>();
  for (const line of readFileSync(join(dir, 'movies.csv'), 'utf8').split(/\r?\n/).slice(1)) {
    if (line === '') continue;
    const [id, title, genres] = csvFields(line);
    const tags = genres === '(no genres listed)' ? [] : genres!.split('|');
    texts.set(id!, { title: title!, tags });
  }
  if (withTags) {
    const seen = new Set<string>();
    for (const line of readFileSync(join(dir, 'tags.csv'), 'utf8').split(/\r?\n/).slice(1)) {
      if (line === '') continue;
      const [, id, tag] = csvFields(line);
      const key = `${id}\u0000${tag!.toLowerCase()}`;
      const text = texts.get(id!);
      if (text === undefined || seen.has(key)) continue;
      seen.add(key);
      (text.tags as string[]).push(tag!);
    }
  }
  return texts;
}

interface Row { model: string; variant: string; ndcg: number; hr: number; coverage: number; trainSeconds: number; scoreSeconds: number }
const rows: Row[] = [];
const valueMode: ValueMode = 'rating';
const trainText = readFileSync(join(dataDir, 'splits/loo_train.tsv'), 'utf8');
const testText = readFileSync(join(dataDir, 'splits/loo_test.tsv'), 'utf8');

function dataFor(train: string, test: string) {
  const ids = newIdSpace();
  return evaluationData(parseRatings(train, ids), parseRatings(test, ids), ids, valueMode);
}

/** Validation: the loo split carved from the training file only. */
function validationData() {
  const ids = newIdSpace();
  const table = parseRatings(trainText, ids);
  const split = splitTable(table, ids, 'loo');
  return evaluationData(selectRows(table, split.train), selectRows(table, split.test), ids, valueMode);
}

const withTags = movieTexts(dataDir, true);
const titlesGenres = movieTexts(dataDir, false);
const candidates: Record<string, unknown>[] = [
  { halfLifeDays: 0 }, { halfLifeDays: 1 }, { halfLifeDays: 7 }, {}, { halfLifeDays: 180 },
  { history: 'binary' }, { weighting: 'tfidf' }, { titleWeight: 1, tagWeight: 2 }, { maxDfRatio: 0.2 },
];
let best: Record<string, unknown> = {};
if (tune) {
  const val = validationData();
  let bestNdcg = -1;
  for (const params of candidates) {
    const run = await evaluateModel(content, { itemTexts: withTags, ...params }, val, { protocol: 'loo' });
    const ndcg = (run.report.metrics as RankingMetrics).ndcg;
    log(`validation ${JSON.stringify(params)}: NDCG@10 ${ndcg.toFixed(4)}`);
    if (ndcg > bestNdcg) { bestNdcg = ndcg; best = params; }
  }
}

const test = dataFor(trainText, testText);
for (const [model, variant, factory, params] of [
  ['popularity', 'default', popularity, {}],
  ['content', 'default, titles+genres', content, { itemTexts: titlesGenres }],
  ['content', 'default, +tags', content, { itemTexts: withTags }],
  ['content', `validated ${JSON.stringify(best)}, +tags`, content, { itemTexts: withTags, ...best }],
  ['content', 'no recency (halfLifeDays 0), +tags', content, { itemTexts: withTags, halfLifeDays: 0 }],
] as const) {
  const run = await evaluateModel(factory, params, test, { protocol: 'loo' });
  const m = run.report.metrics as RankingMetrics;
  rows.push({ model, variant, ndcg: m.ndcg, hr: m.hr, coverage: m.coverage, trainSeconds: run.report.train_seconds, scoreSeconds: run.scoreSeconds });
}

// ---- report -----------------------------------------------------------------------------------

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(`\nTokenisation, ${fmt(nTitles)} synthetic mixed titles (median of 5 passes)`);
console.log('| method | titles/s |');
console.log('| --- | ---: |');
console.log(`| jieba cut (HMM), bare | ${fmt(rates.jiebaCut)} |`);
console.log(`| tokenize (index mode, NFKC, stop words) | ${fmt(rates.tokenize)} |`);
console.log(`| tokenizeForSearch | ${fmt(rates.tokenizeForSearch)} |`);
console.log(`BM25 vectors over the same titles: ${buildSeconds.toFixed(2)} s, ${fmt(built.vocabulary.terms.length)} terms, ${fmt(built.vectors.indices.length)} non-zeros`);
console.log(`\nMovieLens latest-small, loo (K = 10, ${test.warm.users.length} warm test users; values = ratings)`);
console.log('| model | variant | NDCG@10 | HR@10 | Cov@10 | train s | score s |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(`| ${r.model} | ${r.variant} | ${r.ndcg.toFixed(4)} | ${r.hr.toFixed(4)} | ${r.coverage.toFixed(4)} | ${r.trainSeconds.toFixed(2)} | ${r.scoreSeconds.toFixed(2)} |`);
}
console.log(JSON.stringify({
  bench: 'text',
  titles: nTitles,
  titles_per_s: { jieba_cut: Math.round(rates.jiebaCut), tokenize: Math.round(rates.tokenize), tokenize_for_search: Math.round(rates.tokenizeForSearch) },
  build_seconds: Number(buildSeconds.toFixed(3)),
  movielens_loo: rows.map((r) => ({ model: r.model, variant: r.variant, ndcg: Number(r.ndcg.toFixed(4)), hr: Number(r.hr.toFixed(4)), coverage: Number(r.coverage.toFixed(4)), train_seconds: r.trainSeconds })),
}));
