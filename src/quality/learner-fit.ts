/**
 * How well a learner fits an item, from what the learner did and said about themselves — the
 * features the case-mix adjustment (`case-mix.ts`) takes out of ratings and reviews, so an item is
 * judged on its content rather than on who happened to rate it:
 *
 * - **topic affinity** (0–1): the learner's `Item Viewed` events in the item's category, divided by
 *   those in the category they view most. What a learner chooses to look at is where their
 *   interests lie; a course in their main subject gets 1, one in a side interest less. Lessons
 *   take their course's category. Unknown (NaN) for a learner who viewed nothing with a category.
 * - **language match** (0 or 1): the learner's language (identify traits `language`, else
 *   `locale`) against the item's (`language` in the catalog), by primary subtag (`zh-CN` = `zh`).
 *   Unknown when either side is missing.
 *
 * Both describe the pairing, not the item, so within one item they vary only with the learner.
 *
 * @example
 *   const fit = await readLearnerFit(db, 'default', catalog);
 *   const x = new Float64Array(fitFeatureCount);
 *   fitFeatures(fit, 'u000042', catalog.index.get('course-0007')!, x, 0);
 *   x[0];   // topic affinity, x[1]: language match
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { CatalogIndex } from './catalog-index.js';

/** Features per learner-item pair: topic affinity, language match. */
export const fitFeatureCount = 2;

export interface LearnerFit {
  readonly index: ReadonlyMap<string, number>;
  readonly categories: number;
  /** Item views per learner and category, row-major (learners × categories). */
  readonly views: Float64Array;
  /** Each learner's views in the category they view most. */
  readonly topViews: Float64Array;
  /** Each learner's language as an index into the languages seen (−1 unknown). */
  readonly language: Int32Array;
  /** Per catalog item: its (or its course's) category index, and its language index (−1 unknown). */
  readonly itemCategory: Int32Array;
  readonly itemLanguage: Int32Array;
}

/** Writes the learner's fit to the item at out[at], out[at + 1] (NaN where unknown). */
export function fitFeatures(fit: LearnerFit, learnerId: string, item: number, out: Float64Array, at: number): void {
  const u = fit.index.get(learnerId);
  const c = item >= 0 ? fit.itemCategory[item]! : -1;
  out[at] = u !== undefined && c >= 0 && fit.topViews[u]! > 0 ? fit.views[u * fit.categories + c]! / fit.topViews[u]! : NaN;
  const a = u !== undefined ? fit.language[u]! : -1;
  const b = item >= 0 ? fit.itemLanguage[item]! : -1;
  out[at + 1] = a >= 0 && b >= 0 ? (a === b ? 1 : 0) : NaN;
}

/** Reads every learner's item views by category and their language (robots left out). */
export async function readLearnerFit(db: Kysely<Database>, projectId: string, catalog: CatalogIndex): Promise<LearnerFit> {
  const robots = db.selectFrom('users').select('user_id').where('project_id', '=', projectId).where('is_robot', '=', 1);
  const views = await db.selectFrom('events')
    .select((eb) => ['user_id', 'item_id', eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId).where('event', '=', 'Item Viewed').where('item_id', 'is not', null)
    .where('user_id', 'not in', robots)
    .groupBy(['user_id', 'item_id']).execute();
  const users = await db.selectFrom('users').select(['user_id', 'traits'])
    .where('project_id', '=', projectId).where('is_robot', '=', 0).execute();
  return learnerFitOf(
    catalog,
    views.map((r) => ({ learner: r.user_id, item: r.item_id!, count: Number(r.n) })),
    users.map((r) => ({ learner: r.user_id, language: languageOfTraits(r.traits) })),
  );
}

/** Builds the fit from view counts and learners' languages (tests use this directly). */
export function learnerFitOf(
  catalog: CatalogIndex, views: readonly { learner: string; item: string; count: number }[],
  learners: readonly { learner: string; language: string | null }[],
): LearnerFit {
  const index = new Map<string, number>();
  const add = (id: string): number => {
    let u = index.get(id);
    if (u === undefined) index.set(id, (u = index.size));
    return u;
  };
  for (const l of learners) add(l.learner);
  for (const v of views) add(v.learner);
  const n = catalog.ids.length;
  const categoryIndex = new Map<string, number>();
  const languageIndex = new Map<string, number>();
  const languageOf = (tag: string | null | undefined): number => {
    const primary = primarySubtag(tag);
    if (primary === null) return -1;
    let k = languageIndex.get(primary);
    if (k === undefined) languageIndex.set(primary, (k = languageIndex.size));
    return k;
  };
  const itemCategory = new Int32Array(n).fill(-1);
  const itemLanguage = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const root = catalog.parent[i]! >= 0 ? catalog.parent[i]! : i;
    const category = catalog.category[i] ?? catalog.category[root] ?? null;
    if (category !== null) {
      let c = categoryIndex.get(category);
      if (c === undefined) categoryIndex.set(category, (c = categoryIndex.size));
      itemCategory[i] = c;
    }
    itemLanguage[i] = languageOf(catalog.language[i] ?? catalog.language[root]);
  }
  const categories = Math.max(1, categoryIndex.size);
  const counts = new Float64Array(index.size * categories);
  for (const v of views) {
    const i = catalog.index.get(v.item);
    const c = i === undefined ? -1 : itemCategory[i]!;
    if (c >= 0) counts[index.get(v.learner)! * categories + c]! += v.count;
  }
  const topViews = new Float64Array(index.size);
  for (let u = 0; u < index.size; u++) {
    let top = 0;
    for (let c = 0; c < categories; c++) top = Math.max(top, counts[u * categories + c]!);
    topViews[u] = top;
  }
  const language = new Int32Array(index.size).fill(-1);
  for (const l of learners) language[index.get(l.learner)!] = languageOf(l.language);
  return { index, categories, views: counts, topViews, language, itemCategory, itemLanguage };
}

/** `zh-CN` → `zh`; null for nothing usable. */
export function primarySubtag(tag: string | null | undefined): string | null {
  if (typeof tag !== 'string') return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

function languageOfTraits(traits: string): string | null {
  try {
    const t = JSON.parse(traits) as { language?: unknown; locale?: unknown };
    if (typeof t.language === 'string') return t.language;
    return typeof t.locale === 'string' ? t.locale : null;
  } catch {
    return null;
  }
}
