/**
 * Why an item is recommended, in the learner's language. Each reason has a stable `kind` for
 * programs and a `text` for people ("因为你学完了《Python 入门》", "popular in finance").
 */
export type Locale = 'zh' | 'en';

export type ReasonKind = 'similar' | 'popular_in_category' | 'interests' | 'trending' | 'continue';

/** How the learner knows the item a recommendation is like. */
export type Relation = 'finished' | 'bought' | 'studying' | 'viewed';

export interface Reason {
  kind: ReasonKind;
  text: string;
  becauseItemId?: string;
  category?: string;
}

const relationText: Record<Relation, Record<Locale, (title: string) => string>> = {
  finished: { zh: (t) => `因为你学完了《${t}》`, en: (t) => `because you finished 《${t}》` },
  bought: { zh: (t) => `因为你购买了《${t}》`, en: (t) => `because you bought 《${t}》` },
  studying: { zh: (t) => `因为你正在学《${t}》`, en: (t) => `because you are studying 《${t}》` },
  viewed: { zh: (t) => `因为你看过《${t}》`, en: (t) => `because you looked at 《${t}》` },
};

export function similarReason(locale: Locale, relation: Relation, itemId: string, title: string): Reason {
  return { kind: 'similar', text: relationText[relation][locale](title), becauseItemId: itemId };
}

export function categoryReason(locale: Locale, category: string): Reason {
  return { kind: 'popular_in_category', text: locale === 'zh' ? `「${category}」类热门` : `popular in ${category}`, category };
}

export function interestsReason(locale: Locale, interest: string): Reason {
  return { kind: 'interests', text: locale === 'zh' ? `符合你的兴趣：${interest}` : `matches your interest: ${interest}` };
}

export function trendingReason(locale: Locale): Reason {
  return { kind: 'trending', text: locale === 'zh' ? '近期热门' : 'trending now' };
}

export function continueReason(locale: Locale, courseTitle: string, position: number): Reason {
  return { kind: 'continue', text: locale === 'zh' ? `继续学习《${courseTitle}》第 ${position} 讲` : `continue 《${courseTitle}》, lesson ${position}` };
}
