/**
 * What to nudge an at-risk learner with: the next lesson of the course they were last in the
 * middle of (a reminder of something they chose is the most relevant nudge there is), else the
 * top recommendation for them, else a plain "come back" when no model is serving yet. Each comes
 * with the item, its title and a short text in Chinese and English, ready for a push.
 *
 * @example
 *   const action = await suggestAction(recommendations, 'u000042');
 *   // { kind: 'continue', itemId: 'c0012-l04', title: '第 4 讲 …', courseId: 'c0012', text: { zh: '继续学习《…》第 4 讲', en: 'Pick up 《…》 at lesson 4' } }
 */
import type { NextLesson } from '../recommend/serving/continue-learning.js';
import { ModelNotReady, type RecommendAnswer, type RecommendOptions } from '../recommend/serving/recommendation-service.js';
import type { Locale } from '../recommend/serving/reasons.js';
import type { NudgeMessage } from './nudges.store.js';

export type ActionKind = 'continue' | 'recommendation' | 'comeback';

export interface SuggestedAction {
  kind: ActionKind;
  /** The lesson to continue or the recommended item; null for a plain "come back". */
  itemId: string | null;
  title: string | null;
  /** The course of a lesson to continue. */
  courseId: string | null;
  text: NudgeMessage;
}

/** The slice of the recommendation service an action needs (a fake in unit tests). */
export interface ActionSource {
  continueLearning(userId: string, k: number, locale: Locale): Promise<NextLesson[]>;
  recommend(userId: string, options: RecommendOptions): Promise<RecommendAnswer>;
}

export const comebackText: NudgeMessage = Object.freeze({
  zh: '好久不见，回来继续学习吧',
  en: 'We miss you: come back and keep learning',
});

const numberedTitle = /^\s*(第\s*[\d一二三四五六七八九十百]+\s*[讲课节章]|(lesson|chapter|part|episode)\s*\d+)/i;

export async function suggestAction(source: ActionSource, userId: string): Promise<SuggestedAction> {
  const [next] = await source.continueLearning(userId, 1, 'zh');
  if (next) {
    // Many lesson titles already say which lesson they are ("第3讲 …", "Lesson 3 · …").
    const numbered = numberedTitle.test(next.lessonTitle);
    return {
      kind: 'continue', itemId: next.lessonId, title: next.lessonTitle, courseId: next.courseId,
      text: {
        zh: `继续学习《${next.courseTitle}》${numbered ? '' : `第 ${next.position} 讲`}：${next.lessonTitle}`,
        en: `Pick up 《${next.courseTitle}》 at ${numbered ? '' : `lesson ${next.position}: `}${next.lessonTitle}`,
      },
    };
  }
  let answer: RecommendAnswer;
  try {
    answer = await source.recommend(userId, { k: 1, exclude: ['purchased', 'completed'], locale: 'zh' });
  } catch (err) {
    // No model serving yet: a generic nudge is still worth sending.
    if (err instanceof ModelNotReady) return comeback();
    throw err;
  }
  const top = answer.items[0];
  if (!top) return comeback();
  return {
    kind: 'recommendation', itemId: top.itemId, title: top.title, courseId: null,
    text: { zh: `为你推荐《${top.title}》`, en: `Picked for you: 《${top.title}》` },
  };
}

function comeback(): SuggestedAction {
  return { kind: 'comeback', itemId: null, title: null, courseId: null, text: { ...comebackText } };
}
