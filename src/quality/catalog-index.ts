/**
 * The catalog as the quality report indexes it: every item of the project at a fixed position, so
 * each signal is a flat array over items; lessons know their course's position and their own
 * place in it.
 *
 * @example
 *   const catalog = await loadCatalogIndex(db, 'default');
 *   const i = catalog.index.get('course-7-lesson-3')!;
 *   catalog.parent[i];   // position of course-7, or -1
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface CatalogIndex {
  readonly ids: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly type: readonly string[];
  readonly title: readonly string[];
  readonly category: readonly (string | null)[];
  /** The author (teacher, writer) as the catalog names them, or null. */
  readonly author: readonly (string | null)[];
  /** The item's language as the catalog names it (`zh`, `en-US` …), or null. */
  readonly language: readonly (string | null)[];
  /** Position of the parent (a lesson's course), or -1. */
  readonly parent: Int32Array;
  /** A lesson's place in its course (1-based), or 0 when unknown. */
  readonly position: Int32Array;
  /** Each course's lessons, in course order. */
  readonly lessonsOf: ReadonlyMap<number, Int32Array>;
}

export async function loadCatalogIndex(db: Kysely<Database>, projectId: string): Promise<CatalogIndex> {
  const rows = await db.selectFrom('items').select(['item_id', 'type', 'title', 'category', 'author', 'language', 'parent_id', 'position'])
    .where('project_id', '=', projectId).orderBy('item_id').execute();
  return catalogIndexOf(rows.map((r) => ({
    id: r.item_id, type: r.type, title: r.title, category: r.category, author: r.author, language: r.language,
    parentId: r.parent_id, position: r.position,
  })));
}

/** Builds the index from plain items (tests and tools use this directly). */
export function catalogIndexOf(items: readonly {
  id: string; type: string; title?: string; category?: string | null; author?: string | null; language?: string | null;
  parentId?: string | null; position?: number | null;
}[]): CatalogIndex {
  const n = items.length;
  const index = new Map<string, number>();
  items.forEach((it, i) => index.set(it.id, i));
  const parent = new Int32Array(n).fill(-1);
  const position = new Int32Array(n);
  const children = new Map<number, number[]>();
  items.forEach((it, i) => {
    const p = it.parentId ? index.get(it.parentId) : undefined;
    if (p === undefined || p === i) return;
    parent[i] = p;
    position[i] = it.position ?? 0;
    let list = children.get(p);
    if (!list) children.set(p, (list = []));
    list.push(i);
  });
  const lessonsOf = new Map<number, Int32Array>();
  for (const [p, list] of children) {
    list.sort((a, b) => position[a]! - position[b]! || (items[a]!.id < items[b]!.id ? -1 : 1));
    lessonsOf.set(p, Int32Array.from(list));
  }
  return {
    ids: items.map((it) => it.id), index, type: items.map((it) => it.type), title: items.map((it) => it.title ?? it.id),
    category: items.map((it) => it.category ?? null), author: items.map((it) => it.author ?? null),
    language: items.map((it) => it.language ?? null), parent, position, lessonsOf,
  };
}

/** Adds each lesson's value to its course's: course totals of lesson-level counts. */
export function rollUpToParents(catalog: CatalogIndex, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const p = catalog.parent[i]!;
    if (p >= 0) values[p]! += values[i]!;
  }
}
