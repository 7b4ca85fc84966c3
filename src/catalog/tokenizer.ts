/**
 * Word tokens for mixed Chinese / English catalog text (titles, descriptions, tags, interests).
 *
 * - Han text is segmented by jieba (`@node-rs/jieba`, default dictionary, HMM on for unknown words),
 *   so 数据分析, 考研 and names such as 薛兆丰 stay whole where per-character or `Intl.Segmenter`
 *   splitting would break them.
 * - Other letters and digits form lower-cased word tokens: `C++`, `C#` and decimals (`3.5`) stay
 *   whole, a possessive `'s` is dropped, hyphens, dots and slashes separate words (`Node.js` → node, js).
 * - Text is NFKC-normalised first, so full-width `Ｐｙｔｈｏｎ３` reads as `python3`.
 * - Search mode adds jieba's sub-words of long Han words and the bare name of versioned Latin
 *   words (python3 → python3, python), for recall when texts are matched against each other.
 * - Stop words of both languages are dropped; numbers are kept (years, versions, lesson numbers);
 *   punctuation never becomes a token.
 *
 * One jieba instance (its dictionary takes ~150 ms to load) is created on first use and shared.
 * Mixed words of the dictionary such as `A股` are not recognised, because Latin runs never reach
 * jieba: that keeps Latin tokens identical whether or not Han text surrounds them.
 *
 * @example
 *   tokenize('Python 数据分析入门');        // ['python', '数据分析', '入门']
 *   tokenizeForSearch('数据分析入门');       // ['数据', '分析', '数据分析', '入门']
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export type SegmentationMode = 'index' | 'search';

export interface TokenizeOptions {
  /** 'index' (default): one segmentation; 'search': jieba's search mode adds the sub-words of long words. */
  mode?: SegmentationMode;
  /** Keep stop words (default false). */
  keepStopWords?: boolean;
}

let sharedJieba: Jieba | undefined;

function jieba(): Jieba {
  sharedJieba ??= Jieba.withDict(dict);
  return sharedJieba;
}

/**
 * Adds words to the shared segmenter's dictionary, e.g. teacher names or product terms that jieba
 * would split. Call once at start-up, before text features are built: tokens of text already
 * indexed do not change.
 *
 * @example
 *   addWords(['罗振宇', '得到App']);
 */
export function addWords(words: readonly string[], frequency = 100_000): void {
  const lines = words.filter((w) => w.trim() !== '').map((w) => `${w.trim()} ${frequency}\n`).join('');
  if (lines !== '') jieba().loadDict(Buffer.from(lines, 'utf8'));
}

// Group 1: a run of Han ideographs. Group 2: a run of other letters, marks and digits, with
// decimal points between digits and apostrophes inside words; group 3: a `+`/`#` suffix (c++, c#).
// Built with `new RegExp` because the `v` flag (set subtraction) is newer than the compile target.
const tokenPattern = new RegExp(
  String.raw`(\p{Script=Han}+)|([[\p{L}\p{M}\p{N}]--\p{Script=Han}]+(?:(?:(?<=\p{N})\.(?=\p{N})|['’](?=[\p{L}\p{N}]))[[\p{L}\p{M}\p{N}]--\p{Script=Han}]+)*)([+#]+)?`,
  'gv',
);
const possessive = /['’]s$/;
const apostrophes = /['’]/g;
const versionSuffix = /^(\p{L}{2,})\p{N}[\p{N}.]*$/u;

/** Splits text into word tokens (see the module comment for the rules). */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const out: string[] = [];
  appendTokens(text, options.mode ?? 'index', options.keepStopWords === true, out);
  return out;
}

/** Tokens for a search index: jieba's search mode, which also emits the sub-words of long words. */
export function tokenizeForSearch(text: string, options: Omit<TokenizeOptions, 'mode'> = {}): string[] {
  return tokenize(text, { ...options, mode: 'search' });
}

/** Appends the tokens of `text` to `out` (lets callers tokenise many fields into one buffer). */
export function appendTokens(text: string, mode: SegmentationMode, keepStopWords: boolean, out: string[]): void {
  if (text === '') return;
  const normal = text.normalize('NFKC').toLowerCase();
  // One shared pattern object: exec with lastIndex reset is safe because nothing here re-enters.
  const re = tokenPattern;
  re.lastIndex = 0;
  for (let m = re.exec(normal); m !== null; m = re.exec(normal)) {
    const han = m[1];
    if (han !== undefined) {
      const words = mode === 'search' ? jieba().cutForSearch(han, true) : jieba().cut(han, true);
      for (const w of words) if (keepStopWords || !chineseStopWords.has(w)) out.push(w);
      continue;
    }
    let word = m[2]!;
    if (m[3] !== undefined) word += m[3];
    else if (word.length > 2 && possessive.test(word)) word = word.slice(0, -2);
    if (word.includes("'") || word.includes('’')) word = word.replace(apostrophes, '');
    if (keepStopWords || !englishStopWords.has(word)) out.push(word);
    // Search mode also indexes the name without its version: python3 → python, es2015 → es.
    if (mode === 'search') {
      const stem = versionSuffix.exec(word);
      if (stem !== null && !englishStopWords.has(stem[1]!)) out.push(stem[1]!);
    }
  }
}

/** True for stop words of either language (after lower-casing). */
export function isStopWord(token: string): boolean {
  return englishStopWords.has(token) || chineseStopWords.has(token);
}

// Function words only: single letters that name things (c, r, x) and numbers are deliberately absent.
const englishStopWords: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers herself him himself his how i if in into is it its itself just me more most
  my myself no nor not of off on once only or other our ours ourselves out over own same she should so
  some such than that the their theirs them themselves then there these they this those through to too
  under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves s t d ll m re ve dont doesnt isnt arent wasnt cant wont`.split(/\s+/),
);

// Particles, pronouns and connectives that carry no topic; content words such as 入门, 课 and 班
// stay because learners search for them.
const chineseStopWords: ReadonlySet<string> = new Set(
  `的 地 得 了 着 过 和 与 及 或 而 并 且 就 都 也 还 又 在 是 有 这 那 之 其 为 以 于 把 被 让 给 从 对 向
  呢 吗 吧 啊 呀 么 嘛 哦 个 我 你 您 他 她 它 我们 你们 他们 她们 它们 自己 什么 怎么 怎样 如何 哪 哪些
  这个 那个 这些 那些 这样 那样 一些 等 等等 可以 能 会 要 很 更 最 将 已 已经 因为 所以 但是 但 如果
  虽然 然后 以及 及其 并且 而且 或者 还是 不 没 没有 一 一个 上 下 中 里 吗 呢 则 即 即使 只 只是 每 各`.split(/\s+/),
);
