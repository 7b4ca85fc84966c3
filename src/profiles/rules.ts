/**
 * "Learners who bought X also bought Y": association rules over each learner's basket — the
 * products they bought (less those refunded), or the courses they finished — before `asOf`.
 * Robots are left out. Answers name items with their catalog titles, for bundles and cross-sell.
 *
 * @example
 *   const r = await learnerRules(db, 'default', { basis: 'purchases', minSupport: 0.005, minConfidence: 0.1, item: 'course-0007', limit: 10 });
 *   r.rules[0]; // { antecedent: [{ id: 'course-0007', title: '…' }], consequent: [{ id: 'course-0042', … }], support: 0.011, confidence: 0.32, lift: 7.9, count: 41 }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { associationRules, type AssociationRule } from './association-rules.js';
import { loadCatalogIndex } from './catalog-index.js';
import type { Baskets } from './fp-growth.js';

export const ruleBases = ['purchases', 'completions'] as const;
export type RuleBasis = (typeof ruleBases)[number];

export interface RulesQuery {
  basis: RuleBasis;
  minSupport: number;
  minConfidence: number;
  minLift?: number;
  /** Largest itemset (antecedent + consequent); default 3. */
  maxLength?: number;
  /** Only rules whose antecedent contains this item. */
  item?: string;
  limit: number;
  /** Only what happened before this instant (default: everything). */
  asOf?: number;
}

export interface NamedItem {
  id: string;
  title: string | null;
}

export interface NamedRule extends Omit<AssociationRule, 'antecedent' | 'consequent'> {
  antecedent: NamedItem[];
  consequent: NamedItem[];
}

export interface RulesAnswer {
  basis: RuleBasis;
  /** Learners with a non-empty basket. */
  baskets: number;
  frequentItemsets: number;
  /** minSupport as a number of learners. */
  minCount: number;
  /** Rules matching the query before `limit`. */
  total: number;
  rules: NamedRule[];
}

/** One basket per non-robot learner with at least one item; ids index `itemIds`. */
export async function loadBaskets(db: Kysely<Database>, projectId: string, basis: RuleBasis, asOf = Number.MAX_SAFE_INTEGER): Promise<{ baskets: Baskets; itemIds: string[] }> {
  const robots = new Set((await db.selectFrom('users').select('user_id')
    .where('project_id', '=', projectId).where('is_robot', '=', 1).execute()).map((r) => r.user_id));
  const perUser = new Map<string, Set<string>>();
  const add = (user: string, item: string) => {
    let set = perUser.get(user);
    if (!set) perUser.set(user, (set = new Set()));
    set.add(item);
  };
  if (basis === 'purchases') {
    const rows = await db.selectFrom('order_items as o').innerJoin('events as e', 'e.seq', 'o.event_seq')
      .select(['o.user_id', 'o.item_id', 'e.event']).where('o.project_id', '=', projectId).where('o.timestamp', '<', asOf)
      .orderBy('o.timestamp').execute();
    // In time order, so a refund removes an earlier purchase and a later re-purchase counts again.
    for (const r of rows) {
      if (robots.has(r.user_id)) continue;
      if (r.event === 'Order Refunded') perUser.get(r.user_id)?.delete(r.item_id);
      else add(r.user_id, r.item_id);
    }
  } else {
    const catalog = await loadCatalogIndex(db, projectId);
    const rows = await db.selectFrom('events').select(['user_id', 'item_id', 'course_id'])
      .where('project_id', '=', projectId).where('event', '=', 'Lesson Completed').where('timestamp', '<', asOf).execute();
    const done = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.item_id === null || robots.has(r.user_id)) continue;
      const lesson = catalog.find(r.item_id);
      const course = r.course_id ?? (lesson >= 0 && catalog.courseOf(lesson) >= 0 ? catalog.ids[catalog.courseOf(lesson)]! : null);
      if (course === null) continue;
      const key = `${r.user_id}\t${course}`;
      let lessons = done.get(key);
      if (!lessons) done.set(key, (lessons = new Set()));
      lessons.add(r.item_id);
    }
    for (const [key, lessons] of done) {
      const [user, course] = key.split('\t') as [string, string];
      const c = catalog.find(course);
      if (c >= 0 && catalog.lessonCount(c) > 0 && lessons.size >= catalog.lessonCount(c)) add(user, course);
    }
  }
  const itemIds: string[] = [];
  const index = new Map<string, number>();
  const offsets = new Int32Array(perUser.size + 1);
  const items: number[] = [];
  let b = 0;
  for (const set of perUser.values()) {
    if (set.size === 0) continue;
    for (const item of set) {
      let i = index.get(item);
      if (i === undefined) {
        index.set(item, (i = itemIds.length));
        itemIds.push(item);
      }
      items.push(i);
    }
    offsets[++b] = items.length;
  }
  return { baskets: { offsets: offsets.slice(0, b + 1), items: Int32Array.from(items), itemCount: itemIds.length }, itemIds };
}

/** Rules for the query; `undefined` when `item` is neither in the catalog nor in any basket. */
export async function learnerRules(db: Kysely<Database>, projectId: string, q: RulesQuery): Promise<RulesAnswer | undefined> {
  const { baskets, itemIds } = await loadBaskets(db, projectId, q.basis, q.asOf);
  const itemIndex = q.item === undefined ? -1 : itemIds.indexOf(q.item);
  if (q.item !== undefined && itemIndex < 0) {
    const known = await db.selectFrom('items').select('item_id').where('project_id', '=', projectId).where('item_id', '=', q.item).executeTakeFirst();
    if (!known) return undefined;
  }
  const set = associationRules(baskets, q);
  const matching = q.item === undefined ? set.rules : set.rules.filter((r) => r.antecedent.includes(itemIndex));
  const chosen = matching.slice(0, q.limit);
  const ids = [...new Set(chosen.flatMap((r) => [...r.antecedent, ...r.consequent].map((i) => itemIds[i]!)))];
  const titles = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('items').select(['item_id', 'title']).where('project_id', '=', projectId).where('item_id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) titles.set(r.item_id, r.title);
  }
  const named = (list: number[]) => list.map((i) => ({ id: itemIds[i]!, title: titles.get(itemIds[i]!) ?? null }));
  return {
    basis: q.basis, baskets: set.baskets, frequentItemsets: set.frequentItemsets, minCount: set.minCount, total: matching.length,
    rules: chosen.map((r) => ({ ...r, antecedent: named(r.antecedent), consequent: named(r.consequent) })),
  };
}
