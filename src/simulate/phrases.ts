/**
 * How the simulated platform's people write: title patterns with the difficulty they promise,
 * names, cities, and the short reviews, questions and answers learners post (zh and en). All text is
 * composed from these parts plus the topic vocabulary, so its words carry real signal (a review's
 * sentiment follows its rating; a title's pattern hints at the course's difficulty).
 *
 * @example
 *   courseForms[0]!.zh.replace('{s}', 'Python 数据分析'); // 'Python 数据分析入门'
 *   reviewText(rng, 5, 'zh', aspect);                     // '干货满满，数据清洗讲得特别清楚。'
 */
import type { Rng } from './random.js';
import { bilingual, type Bilingual } from './vocabulary.js';

export type Language = 'zh' | 'en';

export interface TitleForm {
  readonly zh: string;
  readonly en: string;
  /** The difficulty (0–1) the pattern signals; a course's hidden difficulty scatters around it. */
  readonly difficulty: number;
}

function form(zh: string, en: string, difficulty: number): TitleForm {
  return Object.freeze({ zh, en, difficulty });
}

export const courseForms: readonly TitleForm[] = Object.freeze([
  form('{s}入门', '{s} for Beginners', 0.15),
  form('零基础学{s}', '{s} from Scratch', 0.1),
  form('{s}实战', 'Practical {s}', 0.5),
  form('{s} 30 讲', '{s} in 30 Lessons', 0.4),
  form('{s}进阶', 'Intermediate {s}', 0.65),
  form('{s}精讲', '{s}: An In-Depth Course', 0.6),
  form('{s}核心原理', 'Core Principles of {s}', 0.75),
  form('{s}高手之路', 'Mastering {s}', 0.85),
]);

export const ebookForms: readonly TitleForm[] = Object.freeze([
  form('{s}指南', 'A Guide to {s}', 0.35),
  form('{s}通识', '{s}: The Essentials', 0.25),
  form('图解{s}', '{s}, Illustrated', 0.2),
  form('{s}手册', 'The {s} Handbook', 0.5),
]);

export const audioForms: readonly TitleForm[] = Object.freeze([
  form('每天听{s}', '{s} Daily', 0.2),
  form('{s}十五分钟', '{s} in 15 Minutes', 0.25),
  form('{s}漫谈', 'Conversations on {s}', 0.35),
]);

/** `{a}` is the author's name. */
export const columnForms: readonly TitleForm[] = Object.freeze([
  form('{a}的{s}专栏', '{a} on {s}', 0.45),
  form('{s}周刊', '{s} Weekly', 0.4),
]);

export const liveForms: readonly TitleForm[] = Object.freeze([
  form('直播：{s}答疑', 'Live Q&A: {s}', 0.4),
  form('直播：{s}公开课', 'Open Class: {s}', 0.3),
]);

/** Fill a title pattern. */
export function fillForm(f: TitleForm, language: Language, subject: Bilingual, author = ''): string {
  return (language === 'zh' ? f.zh : f.en).replace('{s}', subject[language]).replace('{a}', author);
}

const lessonPatterns: readonly Bilingual[] = Object.freeze(
  ['{x}：从概念到实践|{X}: From Concepts to Practice', '{x}的常见误区|Common Mistakes in {x}',
    '{x}案例拆解|{X}, Case by Case', '一文讲透{x}|{X} Explained', '{x}实战演练|{X} in Practice',
    '{x}要点回顾|{X}: Key Points'].map(bilingual),
);

/** A lesson's title, numbered as platforms number them (第3讲 / Lesson 3). */
export function lessonTitle(rng: Rng, language: Language, position: number, aspect: Bilingual): string {
  const p = rng.pick(lessonPatterns);
  if (language === 'zh') return `第${position}讲 ${p.zh.replace('{x}', aspect.zh)}`;
  return `Lesson ${position} · ${p.en.replace('{X}', capitalise(aspect.en)).replace('{x}', aspect.en)}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁'.split('');
const givenNames = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美平刚桂兰婷雪琳晨宇浩然思远子涵雨欣嘉怡'.split('');
const firstNames = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Lucas', 'Mia', 'James',
  'Grace', 'Daniel', 'Chloe', 'Henry', 'Zoe', 'Leo', 'Ruby', 'Oscar', 'Ivy', 'Jack'];
const lastNames = ['Smith', 'Chen', 'Brown', 'Wong', 'Taylor', 'Lee', 'Walker', 'Tan', 'Clarke', 'Lim',
  'Evans', 'Ng', 'Hughes', 'Ho', 'Parker', 'Lau', 'Hall', 'Yeo', 'Wright', 'Goh'];

export function personName(rng: Rng, language: Language): string {
  if (language === 'en') return `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
  const given = rng.chance(0.6) ? rng.pick(givenNames) + rng.pick(givenNames) : rng.pick(givenNames);
  return rng.pick(surnames) + given;
}

/** A course's description: what it covers (three aspects), for whom, how many lessons, by whom. */
export function courseDescription(
  language: Language, subject: Bilingual, aspects: readonly Bilingual[], audience: Bilingual,
  lessons: number, author: string,
): string {
  const [a, b, c] = aspects as [Bilingual, Bilingual, Bilingual];
  if (language === 'zh') {
    return `本课程围绕${subject.zh}，系统讲解${a.zh}、${b.zh}和${c.zh}。适合${audience.zh}。` +
      `${lessons > 0 ? `共 ${lessons} 讲，` : ''}由${author}主讲。`;
  }
  return `A course on ${subject.en} covering ${a.en}, ${b.en} and ${c.en}. For ${audience.en}. ` +
    `${lessons > 0 ? `${lessons} lessons, ` : ''}taught by ${author}.`;
}

const citiesByZone: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'Asia/Shanghai': ['北京', '上海', '深圳', '广州', '杭州', '成都', '武汉', '南京', '西安', '重庆', '苏州', '长沙', '天津', '厦门'],
  'Asia/Singapore': ['Singapore'],
  'America/Los_Angeles': ['Los Angeles', 'San Francisco', 'Seattle', 'Vancouver'],
  'Europe/London': ['London', 'Manchester', 'Edinburgh'],
  'Australia/Sydney': ['Sydney', 'Melbourne'],
});

export function cityIn(rng: Rng, timezone: string): string {
  return rng.pick(citiesByZone[timezone] ?? ['上海']);
}

/** Sentiment bucket of a 1–5 rating: what the review's words say. */
function sentiment(rating: number): 'neg' | 'mixed' | 'pos' {
  return rating <= 2 ? 'neg' : rating === 3 ? 'mixed' : 'pos';
}

const reviewOpeners: Readonly<Record<'neg' | 'mixed' | 'pos', readonly Bilingual[]>> = Object.freeze({
  pos: ['干货满满|Packed with substance', '老师讲得很清楚|Very clearly taught', '强烈推荐|Highly recommended',
    '物超所值|Worth every yuan', '学到了很多|I learned a lot'].map(bilingual),
  mixed: ['还可以|It is okay', '有收获，但节奏偏慢|Useful, but the pace is slow', '部分内容有帮助|Parts of it helped',
    '中规中矩|Fairly average'].map(bilingual),
  neg: ['不值这个价|Not worth the price', '内容太浅|Too shallow', '讲得很乱|Badly organised',
    '有点失望|Rather disappointing', '照本宣科|Just reads the slides'].map(bilingual),
});

const reviewDetails: Readonly<Record<'neg' | 'mixed' | 'pos', Bilingual>> = Object.freeze({
  pos: bilingual('{x}讲得特别好|the part on {x} was excellent'),
  mixed: bilingual('{x}还可以再深入一些|{x} could go deeper'),
  neg: bilingual('{x}几乎没讲明白|{x} was never really explained'),
});

/** A short review whose sentiment follows the rating, sometimes naming an aspect of the course. */
export function reviewText(rng: Rng, rating: number, language: Language, aspect: Bilingual): string {
  const s = sentiment(rating);
  const opener = rng.pick(reviewOpeners[s])[language];
  if (!rng.chance(0.6)) return language === 'zh' ? `${opener}。` : `${opener}.`;
  const detail = reviewDetails[s][language].replace('{x}', aspect[language]);
  return language === 'zh' ? `${opener}，${detail}。` : `${opener}; ${detail}.`;
}

const questionTails: readonly Bilingual[] = Object.freeze(
  ['能再解释一下吗？|could someone explain it again?', '有没有推荐的练习？|any exercises you would recommend?',
    '老师能举个例子吗？|could you give an example?'].map(bilingual),
);

export function questionText(rng: Rng, language: Language, aspect: Bilingual, position: number): string {
  const tail = rng.pick(questionTails)[language];
  return language === 'zh'
    ? `第${position}讲里${aspect.zh}这部分没太听懂，${tail}`
    : `I did not quite get ${aspect.en} in lesson ${position}: ${tail}`;
}

const answerOpeners: readonly Bilingual[] = Object.freeze(
  ['我的理解是|The way I see it,', '可以先回看前一讲，|Rewatch the previous lesson first;',
    '举个例子：|For example,'].map(bilingual),
);

export function answerText(rng: Rng, language: Language, aspect: Bilingual): string {
  const opener = rng.pick(answerOpeners)[language];
  return language === 'zh'
    ? `${opener}${aspect.zh}的关键是先抓住核心概念，再动手练一遍。`
    : `${opener} the key to ${aspect.en} is to get the core idea first and then practise it once.`;
}
