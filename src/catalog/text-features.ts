/**
 * Text vectors of catalog items: BM25 or TF-IDF weights over the words of title, description,
 * tags, category and author, with per-field weights, stored as L2-normalised sparse rows (CSR on
 * typed arrays) beside the vocabulary and its document frequencies. Cosine similarity of two items
 * is then the dot product of their rows.
 *
 * Besides the words of every field, tags, category and author also contribute one whole-phrase term
 * each (`tag:数据分析`, `cat:金融`, `by:薛兆丰`), so an exact tag or author match counts more than a
 * shared word. Tokenizer tokens never contain `:`, so phrase terms cannot collide with words.
 *
 * @example
 *   const f = buildTextFeatures([
 *     { title: 'Python 数据分析入门', tags: ['数据分析'], category: '编程' },
 *     { title: '考研英语真题精讲', category: '考研' },
 *   ]);
 *   f.vocabulary.terms;            // sorted terms; f.vocabulary.df[t] = items containing term t
 *   rowDot(f.vectors, 0, vectorizeItem(f, { title: '数据分析实战' })); // cosine in [0, 1]
 */
import { appendTokens, type SegmentationMode } from './tokenizer.js';

/** The text of one catalog item; every field is optional. */
export interface ItemText {
  title?: string;
  description?: string;
  tags?: readonly string[];
  category?: string;
  author?: string;
}

export type TermWeighting = 'bm25' | 'tfidf';

export interface FieldWeights {
  title: number;
  description: number;
  tags: number;
  category: number;
  author: number;
}

export interface TextFeatureOptions {
  /** 'bm25' (default) saturates repeated words and normalises by item length; 'tfidf' uses log(1 + tf)·idf. */
  weighting?: TermWeighting;
  fieldWeights?: Partial<FieldWeights>;
  /** BM25 term-frequency saturation (default 1.2). */
  k1?: number;
  /** BM25 length normalisation, 0..1 (default 0.75). */
  b?: number;
  /** Drop terms found in fewer items (default 1: keep all). */
  minDf?: number;
  /** Drop terms found in more than this fraction of items (default 1: keep all). */
  maxDfRatio?: number;
  /** Segmentation of Han text (default 'search': sub-words of long words also match). */
  segmentation?: SegmentationMode;
}

export type ResolvedTextOptions = Readonly<Required<Omit<TextFeatureOptions, 'fieldWeights'>>> & {
  readonly fieldWeights: Readonly<FieldWeights>;
};

/** Rows × columns sparse matrix, CSR; column indices ascending within a row. */
export interface SparseRows {
  readonly nRows: number;
  readonly nCols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** One sparse vector, indices ascending. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface Vocabulary {
  /** Terms sorted by UTF-16 code units, so term ids do not depend on item order. */
  readonly terms: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Items containing each term. */
  readonly df: Int32Array;
  readonly idf: Float32Array;
  /** Items the document frequencies were counted over. */
  readonly nDocs: number;
}

export interface TextFeatures {
  readonly options: ResolvedTextOptions;
  readonly vocabulary: Vocabulary;
  /** One L2-normalised row per item; an item without text has an empty row. */
  readonly vectors: SparseRows;
  /** Mean field-weighted item length, for BM25 length normalisation of new texts. */
  readonly avgDocLength: number;
}

export const defaultFieldWeights: Readonly<FieldWeights> = Object.freeze({
  title: 2, description: 1, tags: 1.5, category: 1.5, author: 1.5,
});

export function resolveTextOptions(options: TextFeatureOptions = {}): ResolvedTextOptions {
  const fieldWeights = Object.freeze({ ...defaultFieldWeights, ...options.fieldWeights });
  for (const [field, w] of Object.entries(fieldWeights)) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`field weight ${field} must be a finite number >= 0`);
  }
  return Object.freeze({
    weighting: options.weighting ?? 'bm25',
    fieldWeights,
    k1: options.k1 ?? 1.2,
    b: options.b ?? 0.75,
    minDf: options.minDf ?? 1,
    maxDfRatio: options.maxDfRatio ?? 1,
    segmentation: options.segmentation ?? 'search',
  });
}

/** Field-weighted term frequencies of one text (phrase terms included). */
export function termFrequencies(text: ItemText | undefined, options: ResolvedTextOptions): Map<string, number> {
  const tf = new Map<string, number>();
  if (text === undefined) return tf;
  const w = options.fieldWeights;
  const tokens: string[] = [];
  const add = (value: string | undefined, weight: number, phrasePrefix?: string): void => {
    if (value === undefined || value === '' || weight === 0) return;
    tokens.length = 0;
    appendTokens(value, options.segmentation, false, tokens);
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + weight);
    if (phrasePrefix !== undefined) {
      const phrase = normalisePhrase(value);
      if (phrase !== '') tf.set(phrasePrefix + phrase, (tf.get(phrasePrefix + phrase) ?? 0) + weight);
    }
  };
  add(text.title, w.title);
  add(text.description, w.description);
  for (const tag of text.tags ?? []) add(tag, w.tags, phrasePrefixes.tag);
  add(text.category, w.category, phrasePrefixes.category);
  add(text.author, w.author, phrasePrefixes.author);
  return tf;
}

export const phrasePrefixes = Object.freeze({ tag: 'tag:', category: 'cat:', author: 'by:' });

/** Lower-cased, NFKC, single-spaced form of a tag, category or author name. */
export function normalisePhrase(value: string): string {
  return value.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** Builds the vocabulary and one weighted, L2-normalised row per text (`undefined` = no text). */
export function buildTextFeatures(
  texts: readonly (ItemText | undefined)[],
  options: TextFeatureOptions = {},
  progress?: (done: number, total: number) => void,
): TextFeatures {
  const opts = resolveTextOptions(options);
  const nDocs = texts.length;
  const perDoc: Map<string, number>[] = new Array(nDocs);
  const dfByTerm = new Map<string, number>();
  let totalLength = 0;
  for (let d = 0; d < nDocs; d++) {
    const tf = termFrequencies(texts[d], opts);
    perDoc[d] = tf;
    for (const [term, count] of tf) {
      dfByTerm.set(term, (dfByTerm.get(term) ?? 0) + 1);
      totalLength += count;
    }
    if (progress !== undefined && (d + 1) % 10_000 === 0) progress(d + 1, nDocs);
  }
  const maxDf = Math.floor(opts.maxDfRatio * nDocs);
  const terms = [...dfByTerm.keys()]
    .filter((t) => { const df = dfByTerm.get(t)!; return df >= opts.minDf && df <= Math.max(maxDf, 1); })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index = new Map(terms.map((t, i) => [t, i]));
  const df = Int32Array.from(terms, (t) => dfByTerm.get(t)!);
  const vocabulary: Vocabulary = { terms, index, df, idf: inverseDocumentFrequencies(df, nDocs, opts.weighting), nDocs };
  const avgDocLength = nDocs > 0 ? totalLength / nDocs : 0;

  const indptr = new Int32Array(nDocs + 1);
  const rows: SparseVector[] = new Array(nDocs);
  for (let d = 0; d < nDocs; d++) {
    rows[d] = weightTerms(perDoc[d]!, vocabulary, opts, avgDocLength);
    indptr[d + 1] = indptr[d]! + rows[d]!.indices.length;
  }
  const indices = new Int32Array(indptr[nDocs]!);
  const values = new Float32Array(indptr[nDocs]!);
  for (let d = 0; d < nDocs; d++) {
    indices.set(rows[d]!.indices, indptr[d]!);
    values.set(rows[d]!.values, indptr[d]!);
  }
  progress?.(nDocs, nDocs);
  return { options: opts, vocabulary, vectors: { nRows: nDocs, nCols: terms.length, indptr, indices, values }, avgDocLength };
}

/** idf per term: BM25's ln(1 + (N − df + 0.5)/(df + 0.5)) or smoothed ln((1 + N)/(1 + df)) + 1. */
export function inverseDocumentFrequencies(df: Int32Array, nDocs: number, weighting: TermWeighting): Float32Array {
  const idf = new Float32Array(df.length);
  for (let t = 0; t < df.length; t++) {
    const n = df[t]!;
    idf[t] = weighting === 'bm25' ? Math.log(1 + (nDocs - n + 0.5) / (n + 0.5)) : Math.log((1 + nDocs) / (1 + n)) + 1;
  }
  return idf;
}

/**
 * Weights field-weighted term frequencies with the fitted vocabulary and L2-normalises them;
 * terms outside the vocabulary are dropped.
 */
export function weightTerms(
  tf: ReadonlyMap<string, number>, vocabulary: Vocabulary, options: ResolvedTextOptions, avgDocLength: number,
): SparseVector {
  let length = 0;
  for (const count of tf.values()) length += count;
  const ids: number[] = [];
  for (const term of tf.keys()) {
    const id = vocabulary.index.get(term);
    if (id !== undefined) ids.push(id);
  }
  ids.sort((a, b) => a - b);
  const indices = Int32Array.from(ids);
  const raw = new Float64Array(ids.length);
  const { k1, b } = options;
  const lengthNorm = avgDocLength > 0 ? 1 - b + (b * length) / avgDocLength : 1;
  let norm = 0;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    const f = tf.get(vocabulary.terms[id]!)!;
    const w = options.weighting === 'bm25'
      ? (vocabulary.idf[id]! * f * (k1 + 1)) / (f + k1 * lengthNorm)
      : vocabulary.idf[id]! * Math.log1p(f);
    raw[j] = w;
    norm += w * w;
  }
  const values = new Float32Array(ids.length);
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < ids.length; j++) values[j] = raw[j]! * scale;
  return { indices, values };
}

/** The vector a new item's text would have, in an existing vocabulary (for items added after fitting). */
export function vectorizeItem(features: TextFeatures, text: ItemText): SparseVector {
  return weightTerms(termFrequencies(text, features.options), features.vocabulary, features.options, features.avgDocLength);
}

/**
 * A query vector from interests a learner picked (keywords, tags, categories, authors): each
 * interest contributes its words and, when the catalog has it, the whole phrase as a tag, category
 * or author. Weighted by idf so a rare interest counts more than a generic one; L2-normalised.
 *
 * @example
 *   interestVector(features, ['数据分析', 'Python']);
 */
export function interestVector(features: TextFeatures, interests: readonly string[]): SparseVector {
  const { vocabulary, options } = features;
  const counts = new Map<number, number>();
  const tokens: string[] = [];
  const bump = (term: string): void => {
    const id = vocabulary.index.get(term);
    if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  for (const interest of interests) {
    tokens.length = 0;
    appendTokens(interest, options.segmentation, false, tokens);
    for (const t of tokens) bump(t);
    const phrase = normalisePhrase(interest);
    if (phrase === '') continue;
    for (const prefix of Object.values(phrasePrefixes)) bump(prefix + phrase);
  }
  const ids = [...counts.keys()].sort((a, b) => a - b);
  const values = new Float32Array(ids.length);
  let norm = 0;
  for (let j = 0; j < ids.length; j++) {
    const w = vocabulary.idf[ids[j]!]! * Math.log1p(counts.get(ids[j]!)!);
    values[j] = w;
    norm += w * w;
  }
  if (norm > 0) for (let j = 0; j < values.length; j++) values[j] = values[j]! / Math.sqrt(norm);
  return { indices: Int32Array.from(ids), values };
}

/** Row `row` of a CSR matrix as a vector (views, not copies). */
export function sparseRow(m: SparseRows, row: number): SparseVector {
  const start = m.indptr[row]!;
  const end = m.indptr[row + 1]!;
  return { indices: m.indices.subarray(start, end), values: m.values.subarray(start, end) };
}

/** Dot product of row `row` with a sparse vector: a merge of two ascending index lists. */
export function rowDot(m: SparseRows, row: number, v: SparseVector): number {
  let a = m.indptr[row]!;
  const aEnd = m.indptr[row + 1]!;
  let j = 0;
  const jEnd = v.indices.length;
  let sum = 0;
  while (a < aEnd && j < jEnd) {
    const ta = m.indices[a]!;
    const tb = v.indices[j]!;
    if (ta === tb) sum += m.values[a++]! * v.values[j++]!;
    else if (ta < tb) a++;
    else j++;
  }
  return sum;
}

/** Typed arrays and JSON-safe fields that restore a `TextFeatures` exactly (see `restoreTextFeatures`). */
export interface StoredTextFeatures {
  arrays: { indptr: Int32Array; indices: Int32Array; values: Float32Array; df: Int32Array };
  meta: { terms: string[]; nDocs: number; avgDocLength: number; options: ResolvedTextOptions };
}

export function storeTextFeatures(f: TextFeatures): StoredTextFeatures {
  const { indptr, indices, values } = f.vectors;
  return {
    arrays: { indptr, indices, values, df: f.vocabulary.df },
    meta: { terms: [...f.vocabulary.terms], nDocs: f.vocabulary.nDocs, avgDocLength: f.avgDocLength, options: f.options },
  };
}

/** Inverse of `storeTextFeatures`; the idf is recomputed from the stored document frequencies. */
export function restoreTextFeatures(stored: StoredTextFeatures): TextFeatures {
  const { arrays, meta } = stored;
  const options = resolveTextOptions(meta.options);
  const nRows = arrays.indptr.length - 1;
  if (arrays.df.length !== meta.terms.length) throw new Error('stored text features: df and terms differ in length');
  if (arrays.indptr[nRows] !== arrays.indices.length || arrays.indices.length !== arrays.values.length) {
    throw new Error('stored text features: CSR arrays are inconsistent');
  }
  const vocabulary: Vocabulary = {
    terms: meta.terms,
    index: new Map(meta.terms.map((t, i) => [t, i])),
    df: arrays.df,
    idf: inverseDocumentFrequencies(arrays.df, meta.nDocs, options.weighting),
    nDocs: meta.nDocs,
  };
  return {
    options, vocabulary, avgDocLength: meta.avgDocLength,
    vectors: { nRows, nCols: meta.terms.length, indptr: arrays.indptr, indices: arrays.indices, values: arrays.values },
  };
}
