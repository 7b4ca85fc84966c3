/**
 * Review sentiment for Chinese and English: a lexicon scorer in the manner of VADER. The text is
 * cut into clauses at punctuation and into words by the catalog tokenizer (jieba for Han text);
 * each lexicon word or phrase adds its valence (−3 … +3), changed by the words before it:
 *
 * - a negator within the previous 4 words of the clause flips it and damps it (× −0.75): 不推荐,
 *   没有想象中那么好, not worth it, never explained;
 * - intensifiers and softeners just before it scale it (非常 × 1.6, 有点 × 0.7, very × 1.3);
 * - an excess marker (太, too) intensifies a strong word (太棒了) but turns a mild or unknown one
 *   into a complaint (太简单, too basic, 太快);
 * - contrast: words before 但是 / but weigh half and words after it one and a half, the clause
 *   of 虽然 / although weighs half — what follows the turn is what the writer means.
 *
 * The sum S becomes a score in (−1, 1) as S / √(S² + 10); no sentiment word gives 0 (neutral).
 * Han words are matched on their characters, so phrases match however jieba cuts the review.
 *
 * @example
 *   reviewSentiment('老师讲得非常清楚，强烈推荐');   // { score: 0.89, label: 'positive', hits: 2 }
 *   reviewSentiment('Not worth the price.');        // { score: -0.53, label: 'negative', hits: 1 }
 */
import { tokenize } from '../catalog/tokenizer.js';
import {
  contrastAfter, contrastBefore, excessMarkers, excessValence, intensifiers, lexiconEntries, negators,
} from './sentiment-lexicon.js';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentResult {
  /** −1 (very negative) … 1 (very positive); 0 when no sentiment word was found. */
  score: number;
  label: SentimentLabel;
  /** How many sentiment words or phrases were found. */
  hits: number;
}

const negationWindow = 4;
const negationFactor = -0.75;
const contrastBeforeWeight = 0.5;
const contrastAfterWeight = 1.5;
const normalisation = 10;
/** Longest lexicon phrase, in tokens: 6 covers every entry and the cost of a longer look-ahead is nil. */
const maxPhraseTokens = 6;

type Role = { kind: 'word'; valence: number } | { kind: 'negator' } | { kind: 'intensifier'; factor: number }
  | { kind: 'excess'; factor: number } | { kind: 'contrast-after' } | { kind: 'contrast-before' };

interface Lexicon {
  roles: Map<string, Role>;
}

let shared: Lexicon | undefined;

const han = /^\p{Script=Han}+$/u;

/** The key a run of tokens is looked up by: Han runs by their characters, other words joined by a space. */
function keyOf(tokens: readonly string[], from: number, to: number): string {
  let allHan = true;
  for (let i = from; i < to; i++) if (!han.test(tokens[i]!)) { allHan = false; break; }
  return tokens.slice(from, to).join(allHan ? '' : ' ');
}

/** Chinese particles carry no sentiment and sit inside phrases (派上了用场): they are skipped. */
const particles = new Set(['了', '的', '地', '着']);

function words(text: string): string[] {
  return tokenize(text, { keepStopWords: true }).filter((t) => !particles.has(t));
}

function entryKey(entry: string): string {
  const tokens = words(entry);
  return keyOf(tokens, 0, tokens.length);
}

function lexicon(): Lexicon {
  if (shared) return shared;
  const roles = new Map<string, Role>();
  // Modifiers first, so a word that is both (少, lack) keeps its modifier role only if it has no valence.
  for (const w of negators) roles.set(entryKey(w), { kind: 'negator' });
  for (const [w, factor] of intensifiers) roles.set(entryKey(w), { kind: 'intensifier', factor });
  for (const [w, factor] of excessMarkers) roles.set(entryKey(w), { kind: 'excess', factor });
  for (const w of contrastAfter) roles.set(entryKey(w), { kind: 'contrast-after' });
  for (const w of contrastBefore) roles.set(entryKey(w), { kind: 'contrast-before' });
  for (const [w, valence] of lexiconEntries()) roles.set(entryKey(w), { kind: 'word', valence });
  shared = { roles };
  return shared;
}

const clauseBreak = /[，,。.！!？?；;：:\n、…~～()（）"“”]+/;

/** The sentiment of one review (any mix of Chinese and English). */
export function reviewSentiment(text: string): SentimentResult {
  const { roles } = lexicon();
  let sum = 0;
  let hits = 0;
  // Hits before the latest "but" are re-weighted when it arrives, so keep them per contrast span.
  let spanSum = 0;
  for (const clause of text.split(clauseBreak)) {
    const tokens = words(clause);
    let clauseWeight = 1;
    let negatedUntil = -1;
    let scale = 1;
    let scaleAt = -2;
    let excess = 0;
    let excessAt = -2;
    for (let i = 0; i < tokens.length;) {
      const match = longestMatch(roles, tokens, i);
      if (match === null) {
        const decomposed = decompose(roles, tokens[i]!);
        if (decomposed !== null) {
          const v = decomposed * (i - scaleAt <= 2 ? scale : 1);
          spanSum += clauseWeight * (i <= negatedUntil ? v * negationFactor : v);
          hits++;
          negatedUntil = -1;
        } else if (excess !== 0 && i - excessAt === 1) {
          spanSum += clauseWeight * excessValence;
          hits++;
        }
        i++;
        continue;
      }
      const { role, length } = match;
      const next = i + length;
      switch (role.kind) {
        case 'negator': negatedUntil = next - 1 + negationWindow; break;
        case 'intensifier': scale = (i - scaleAt <= 2 ? scale : 1) * role.factor; scaleAt = next - 1; break;
        case 'excess': excess = role.factor; excessAt = next - 1; break;
        case 'contrast-after':
          sum += spanSum * contrastBeforeWeight;
          spanSum = 0;
          clauseWeight = contrastAfterWeight;
          break;
        case 'contrast-before': clauseWeight = contrastBeforeWeight; break;
        case 'word': {
          let v = role.valence;
          if (i - scaleAt <= 2) v *= scale;
          if (excess !== 0 && i - excessAt === 1) v = role.valence >= 2 ? v * excess : excessValence * Math.max(1, Math.abs(role.valence));
          if (i <= negatedUntil) v *= negationFactor;
          if (role.valence === 0) break;
          spanSum += clauseWeight * v;
          hits++;
          negatedUntil = -1;
          break;
        }
      }
      i = next;
    }
  }
  sum += spanSum;
  const bangs = Math.min(3, (text.match(/[!！]/g) ?? []).length);
  sum *= 1 + 0.1 * bangs;
  const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + normalisation);
  return { score, label: score > 0.05 ? 'positive' : score < -0.05 ? 'negative' : 'neutral', hits };
}

function longestMatch(roles: Map<string, Role>, tokens: readonly string[], i: number): { role: Role; length: number } | null {
  for (let n = Math.min(maxPhraseTokens, tokens.length - i); n >= 1; n--) {
    const role = roles.get(keyOf(tokens, i, i + n));
    if (role) return { role, length: n };
  }
  const role = stemmedRole(roles, tokens[i]!);
  return role ? { role, length: 1 } : null;
}

const inflections: readonly [RegExp, string][] = [
  [/ies$/, 'y'], [/ied$/, 'y'], [/ily$/, 'y'], [/ing$/, ''], [/ing$/, 'e'], [/ed$/, ''], [/ed$/, 'e'], [/d$/, ''],
  [/es$/, ''], [/s$/, ''], [/ly$/, ''], [/ness$/, ''],
];

/** English words the lexicon has in another form (regretted → regret, confusingly → confusing): a light suffix strip. */
function stemmedRole(roles: Map<string, Role>, token: string): Role | null {
  if (token.length < 4 || han.test(token)) return null;
  for (const [suffix, replacement] of inflections) {
    if (!suffix.test(token)) continue;
    const role = roles.get(token.replace(suffix, replacement));
    if (role?.kind === 'word') return role;
  }
  return null;
}

/**
 * A Han word the lexicon lacks may be a modifier glued to a known word (jieba keeps 太快, 很棒, 不值钱
 * whole): split off a one-character negator, intensifier or excess marker and score the rest.
 */
function decompose(roles: Map<string, Role>, token: string): number | null {
  if (token.length < 2 || !han.test(token)) return null;
  const head = roles.get(token[0]!);
  if (!head || head.kind === 'word' || head.kind === 'contrast-after' || head.kind === 'contrast-before') return null;
  const rest = roles.get(token.slice(1));
  const valence = rest?.kind === 'word' ? rest.valence : null;
  if (head.kind === 'excess') return valence !== null && valence >= 2 ? valence * head.factor : excessValence * Math.max(1, Math.abs(valence ?? 1));
  if (valence === null) return null;
  return head.kind === 'negator' ? valence * negationFactor : valence * head.factor;
}
