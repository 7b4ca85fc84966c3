/** Repository functions for the catalog. Each takes the database handle first. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { itemToRow, rowToItem, type CatalogItem, type ItemInput } from './item.js';
import type { ItemType } from './items.table.js';

const rowsPerStatement = 500;

/** Inserts or replaces items by id; returns how many were written. */
export async function upsertItems(db: Kysely<Database>, projectId: string, items: readonly ItemInput[], now = Date.now()): Promise<number> {
  for (let i = 0; i < items.length; i += rowsPerStatement) {
    const rows = items.slice(i, i + rowsPerStatement).map((it) => itemToRow(projectId, it, now));
    await db.insertInto('items').values(rows)
      .onConflict((oc) => oc.columns(['project_id', 'item_id']).doUpdateSet((eb) => ({
        type: eb.ref('excluded.type'),
        parent_id: eb.ref('excluded.parent_id'),
        position: eb.ref('excluded.position'),
        title: eb.ref('excluded.title'),
        description: eb.ref('excluded.description'),
        tags: eb.ref('excluded.tags'),
        category: eb.ref('excluded.category'),
        author: eb.ref('excluded.author'),
        language: eb.ref('excluded.language'),
        price: eb.ref('excluded.price'),
        duration_s: eb.ref('excluded.duration_s'),
        updated_at: eb.ref('excluded.updated_at'),
        hidden: eb.ref('excluded.hidden'),
      })))
      .execute();
  }
  return items.length;
}

export async function getItem(db: Kysely<Database>, projectId: string, itemId: string): Promise<CatalogItem | undefined> {
  const row = await db.selectFrom('items').selectAll().where('project_id', '=', projectId).where('item_id', '=', itemId).executeTakeFirst();
  return row ? rowToItem(row) : undefined;
}

export interface ItemQuery {
  type?: ItemType;
  category?: string;
  parentId?: string;
  includeHidden?: boolean;
  /** Cursor: items whose id sorts after this. */
  after?: string;
  limit: number;
}

export async function listItems(db: Kysely<Database>, projectId: string, q: ItemQuery): Promise<CatalogItem[]> {
  let query = db.selectFrom('items').selectAll().where('project_id', '=', projectId);
  if (q.type) query = query.where('type', '=', q.type);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.parentId) query = query.where('parent_id', '=', q.parentId);
  if (!q.includeHidden) query = query.where('hidden', '=', 0);
  if (q.after) query = query.where('item_id', '>', q.after);
  const rows = await query.orderBy('item_id').limit(q.limit).execute();
  return rows.map(rowToItem);
}

/** Every item of the project, for model training and the recommender's catalog view. */
export async function allItems(db: Kysely<Database>, projectId: string): Promise<CatalogItem[]> {
  const rows = await db.selectFrom('items').selectAll().where('project_id', '=', projectId).orderBy('item_id').execute();
  return rows.map(rowToItem);
}

/** Deletes items (and, for a course, its lessons); returns how many rows went. */
export async function deleteItems(db: Kysely<Database>, projectId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  let deleted = 0;
  for (let i = 0; i < ids.length; i += rowsPerStatement) {
    const chunk = ids.slice(i, i + rowsPerStatement);
    const r = await db.deleteFrom('items').where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('item_id', 'in', chunk), eb('parent_id', 'in', chunk)]))
      .executeTakeFirst();
    deleted += Number(r.numDeletedRows);
  }
  return deleted;
}
