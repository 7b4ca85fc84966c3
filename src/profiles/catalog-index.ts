/**
 * The catalog as small integer ids for the feature scan: each item's category, whether it is a
 * course, a lesson's course and a course's lesson count. Items the catalog does not know (events
 * may name them first) get ids on demand with no category and no course.
 *
 * @example
 *   const catalog = await loadCatalogIndex(db, 'default');
 *   const i = catalog.idOf('course-0001-lesson-03');
 *   catalog.courseOf(i); // id of course-0001
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export class CatalogIndex {
  readonly ids: string[] = [];
  /** Category names; `categoryOf` indexes them. */
  readonly categories: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #categoryIndex = new Map<string, number>();
  #category = new Int32Array(256);
  #course = new Int32Array(256);
  #isCourse = new Uint8Array(256);
  #lessonCount = new Int32Array(256);

  /** The item's id, assigned on first sight. */
  idOf(itemId: string): number {
    let i = this.#index.get(itemId);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(itemId);
      this.#index.set(itemId, i);
      if (i === this.#category.length) this.#grow();
      this.#category[i] = -1;
      this.#course[i] = -1;
    }
    return i;
  }

  /** The item's id, or -1 when neither the catalog nor an event has named it. */
  find(itemId: string): number {
    return this.#index.get(itemId) ?? -1;
  }

  categoryOf(i: number): number {
    return this.#category[i]!;
  }

  /** A lesson's course, a course itself, or -1. */
  courseOf(i: number): number {
    return this.#course[i]!;
  }

  isCourse(i: number): boolean {
    return this.#isCourse[i] === 1;
  }

  lessonCount(course: number): number {
    return this.#lessonCount[course]!;
  }

  setItem(itemId: string, type: string, category: string | null, parentId: string | null): void {
    const i = this.idOf(itemId);
    if (category !== null && category !== '') {
      let c = this.#categoryIndex.get(category);
      if (c === undefined) {
        c = this.categories.length;
        this.categories.push(category);
        this.#categoryIndex.set(category, c);
      }
      this.#category[i] = c;
    }
    if (type === 'course') {
      this.#isCourse[i] = 1;
      this.#course[i] = i;
    } else if (type === 'lesson' && parentId !== null) {
      const course = this.idOf(parentId);
      this.#course[i] = course;
      this.#lessonCount[course]!++;
      if (this.#category[i] === -1) this.#category[i] = this.#category[course]!;
    }
  }

  #grow(): void {
    const n = this.#category.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.#category = grow(this.#category, (k) => new Int32Array(k));
    this.#course = grow(this.#course, (k) => new Int32Array(k));
    this.#isCourse = grow(this.#isCourse, (k) => new Uint8Array(k));
    this.#lessonCount = grow(this.#lessonCount, (k) => new Int32Array(k));
  }
}

export async function loadCatalogIndex(db: Kysely<Database>, projectId: string): Promise<CatalogIndex> {
  const rows = await db.selectFrom('items').select(['item_id', 'type', 'category', 'parent_id'])
    .where('project_id', '=', projectId).orderBy('item_id').execute();
  const catalog = new CatalogIndex();
  // Courses first, so a lesson's course already has its category when the lesson inherits none.
  for (const r of rows) if (r.type !== 'lesson') catalog.setItem(r.item_id, r.type, r.category, r.parent_id);
  for (const r of rows) if (r.type === 'lesson') catalog.setItem(r.item_id, r.type, r.category, r.parent_id);
  return catalog;
}
