/**
 * Reasons for recommended items: the learner's own item each one is most like ("because you
 * finished 《…》"), the interest it matches, or its popularity in its category. Which items are
 * "most like" one another comes from the generation's ranker: the itemknn neighbour lists when the
 * model has them, else the model's similar items (cached per generation).
 */
import type { LearnerState } from './learner-state.js';
import type { Generation } from './recommendation-service.js';
import { categoryReason, interestsReason, similarReason, trendingReason, type Locale, type Reason, type Relation } from './reasons.js';

/** How many of the learner's strongest items are considered as the "because" of a reason. */
const sourceItems = 8;

export function explain(
  g: Generation, state: LearnerState, picked: readonly number[], mode: 'personal' | 'interests' | 'trending',
  interests: readonly string[], locale: Locale,
): Reason[] {
  const { itemIds, itemIndex } = g.data.interactions;
  const because = new Map<number, { source: number; score: number }>();
  if (mode === 'personal' && picked.length > 0) {
    const sources = [...state.strengths].filter(([id, v]) => v > 0 && itemIndex.has(id))
      .sort((a, b) => b[1] - a[1]).slice(0, sourceItems).map(([id]) => itemIndex.get(id)!);
    if (sources.length > 0) {
      const lists = g.ranking.ranker.neighbours(sources);
      const wanted = new Set(picked);
      for (let r = 0; r < sources.length; r++) {
        const list = lists[r]!;
        for (let j = 0; j < list.items.length; j++) {
          const it = list.items[j]!;
          if (it < 0) break;
          if (!wanted.has(it)) continue;
          const score = list.scores[j]!;
          const cur = because.get(it);
          if (!cur || score > cur.score) because.set(it, { source: sources[r]!, score });
        }
      }
    }
  }
  return picked.map((i) => {
    const item = g.data.view.items.get(itemIds[i]!);
    const b = because.get(i);
    if (b) {
      const sourceId = itemIds[b.source]!;
      return similarReason(locale, relationTo(state, sourceId, g), sourceId, g.data.view.items.get(sourceId)?.title ?? sourceId);
    }
    if (mode === 'interests' && interests.length > 0) {
      const text = `${item?.title ?? ''} ${(item?.tags ?? []).join(' ')} ${item?.category ?? ''}`.toLowerCase();
      return interestsReason(locale, interests.find((x) => text.includes(x.toLowerCase())) ?? interests[0]!);
    }
    return item?.category ? categoryReason(locale, item.category) : trendingReason(locale);
  });
}

function relationTo(state: LearnerState, itemId: string, g: Generation): Relation {
  if (state.finished.has(itemId)) return 'finished';
  const lessons = g.data.view.lessonsOfCourse.get(itemId);
  if (lessons?.some((l) => state.touchedLessons.has(l.id))) return 'studying';
  if (state.purchased.has(itemId)) return 'bought';
  return 'viewed';
}
