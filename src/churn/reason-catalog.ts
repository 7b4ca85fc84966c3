/**
 * The catalog facts reasons quote — course titles, lesson positions and lesson counts — loaded for
 * just the courses learners last studied.
 *
 * @example
 *   const catalog = await loadReasonCatalog(db, 'default', inputs.lastLesson);
 *   catalog.courseTitle('c1');      // '理财入门'
 *   catalog.lessonPosition('c1-l4'); // 4
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { LastLesson } from './recent-activity.js';
import type { ReasonCatalog } from './reasons.js';

const idsPerStatement = 500;

export async function loadReasonCatalog(db: Kysely<Database>, projectId: string, lastLessons: readonly (LastLesson | null)[]): Promise<ReasonCatalog> {
  const courses = [...new Set(lastLessons.filter((l) => l !== null).map((l) => l!.courseId))];
  const titles = new Map<string, string>();
  const positions = new Map<string, number>();
  const counts = new Map<string, number>();
  for (let k = 0; k < courses.length; k += idsPerStatement) {
    const ids = courses.slice(k, k + idsPerStatement);
    const rows = await db.selectFrom('items').select(['item_id', 'type', 'title', 'parent_id', 'position'])
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('item_id', 'in', ids), eb.and([eb('parent_id', 'in', ids), eb('type', '=', 'lesson')])]))
      .execute();
    for (const r of rows) {
      if (r.type === 'lesson' && r.parent_id !== null) {
        counts.set(r.parent_id, (counts.get(r.parent_id) ?? 0) + 1);
        if (r.position !== null) positions.set(r.item_id, Number(r.position));
      } else titles.set(r.item_id, r.title);
    }
  }
  return {
    courseTitle: (id) => titles.get(id),
    lessonPosition: (id) => positions.get(id),
    lessonCount: (id) => counts.get(id) ?? 0,
  };
}
