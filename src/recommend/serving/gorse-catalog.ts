/**
 * Gorse items as catalog items. Gorse knows an id, hidden flag, categories, labels, a comment and a
 * time; the catalog also knows a type and a title, which Gorse never sends: an item that exists
 * keeps its own, a new one becomes a `course` titled by its comment (or its id).
 *
 * A catalog item has one category. Gorse's first category is it; further ones are kept among the
 * tags as `category:<name>` so they read back, but filters (recommend, popular, latest,
 * neighbours) use the first one only.
 *
 * @example
 *   const input = gorseToItemInput({ ItemId: 'c7', IsHidden: false, Categories: ['finance'], Labels: ['基金'] }, existing);
 *   await upsertItems(db, projectId, [input]);
 *   itemToGorse(await getItem(db, projectId, 'c7'));
 */
import type { Kysely } from 'kysely';
import type { CatalogItem, ItemInput } from '../../catalog/item.js';
import type { Database } from '../../store/schema.js';
import { gorseTime, rfc3339 } from './gorse-feedback.js';

export interface GorseItemInput {
  ItemId: string;
  IsHidden?: boolean;
  Categories?: string[] | null;
  Timestamp?: string;
  Labels?: string[] | null;
  Comment?: string;
}

export interface GorseItem {
  ItemId: string;
  IsHidden: boolean;
  Categories: string[];
  Timestamp: string;
  Labels: string[];
  Comment: string;
}

export type GorseItemPatch = Partial<Omit<GorseItemInput, 'ItemId'>>;

const categoryTag = 'category:';
const maxTitleLength = 200;
/** What a Gorse item becomes when the catalog does not know it yet. */
export const defaultGorseItemType = 'course';

/** The item's categories, first (the catalog category) first. */
export function categoriesOf(item: Pick<CatalogItem, 'category' | 'tags'>): string[] {
  const more = item.tags.filter((t) => t.startsWith(categoryTag)).map((t) => t.slice(categoryTag.length));
  return item.category === null ? more : [item.category, ...more];
}

function labelsOf(item: Pick<CatalogItem, 'tags'>): string[] {
  return item.tags.filter((t) => !t.startsWith(categoryTag));
}

export function itemToGorse(item: CatalogItem): GorseItem {
  return {
    ItemId: item.id,
    IsHidden: item.hidden,
    Categories: categoriesOf(item),
    Timestamp: rfc3339(Date.parse(item.createdAt)),
    Labels: labelsOf(item),
    Comment: item.description ?? '',
  };
}

/** A catalog item as the input that writes it back unchanged. */
export function itemInputOf(item: CatalogItem): ItemInput {
  return {
    id: item.id, type: item.type, title: item.title, parentId: item.parentId, position: item.position,
    description: item.description, tags: item.tags, category: item.category, author: item.author,
    language: item.language, price: item.price, durationS: item.durationS, hidden: item.hidden, createdAt: item.createdAt,
  };
}

function withCategories(categories: readonly string[], labels: readonly string[]): { category: string | null; tags: string[] } {
  const unique = [...new Set(categories.map((c) => c.trim()).filter(Boolean))];
  return { category: unique[0] ?? null, tags: [...labels, ...unique.slice(1).map((c) => categoryTag + c)] };
}

/** Applies Gorse fields to an item (a patch changes only the fields it carries). */
export function applyGorse(base: ItemInput, g: GorseItemPatch): ItemInput {
  const current = { category: base.category ?? null, tags: base.tags ?? [] };
  const categories = g.Categories !== undefined ? (g.Categories ?? []) : categoriesOf(current);
  const labels = g.Labels !== undefined ? (g.Labels ?? []) : labelsOf(current);
  const time = gorseTime(g.Timestamp);
  return {
    ...base,
    ...withCategories(categories, labels),
    ...(g.IsHidden !== undefined ? { hidden: g.IsHidden } : {}),
    ...(g.Comment !== undefined ? { description: g.Comment || null } : {}),
    ...(time !== undefined && !Number.isNaN(time) ? { createdAt: new Date(time).toISOString() } : {}),
  };
}

/** The catalog input of a Gorse item upsert: Gorse's fields replaced, the catalog's own kept. */
export function gorseToItemInput(g: GorseItemInput, existing: CatalogItem | undefined): ItemInput {
  const base: ItemInput = existing
    ? itemInputOf(existing)
    : { id: g.ItemId, type: defaultGorseItemType, title: titleFrom(g.Comment, g.ItemId), createdAt: new Date().toISOString() };
  return applyGorse(base, {
    IsHidden: g.IsHidden ?? false, Categories: g.Categories ?? [], Labels: g.Labels ?? [], Comment: g.Comment ?? '', Timestamp: g.Timestamp,
  });
}

function titleFrom(comment: string | undefined, id: string): string {
  const line = (comment ?? '').split('\n')[0]!.trim();
  return line ? line.slice(0, maxTitleLength) : id;
}

export interface LatestQuery {
  category?: string;
  limit: number;
}

/**
 * The newest recommendable products (not lessons, not hidden), newest first, with their creation
 * time. Serves Gorse's "latest": new items are exactly those the trained model has not seen, so
 * this reads the catalog, not the model.
 */
export async function latestItems(db: Kysely<Database>, projectId: string, q: LatestQuery): Promise<{ id: string; createdAt: number }[]> {
  let query = db.selectFrom('items').select(['item_id', 'created_at'])
    .where('project_id', '=', projectId).where('hidden', '=', 0).where('type', '!=', 'lesson');
  if (q.category !== undefined) query = query.where('category', '=', q.category);
  const rows = await query.orderBy('created_at', 'desc').orderBy('item_id').limit(q.limit).execute();
  return rows.map((r) => ({ id: r.item_id, createdAt: Number(r.created_at) }));
}
