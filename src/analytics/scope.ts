/**
 * The filters every metric takes, resolved once: which project, which courses (a course id or a
 * catalog category), which learners (a trait, a segment of the latest segmentation). Robots
 * flagged by ingest are always left out.
 *
 * @example
 *   const scope = await resolveScope(db, 'default', { category: 'finance', trait: 'plan:pro' });
 *   // { projectId: 'default', courses: ['course-1', 'course-7'], trait: { key: 'plan', value: 'pro' } }
 */
import type { Kysely } from 'kysely';
import { resolveSegment, SegmentRefError } from '../profiles/segment-ref.js';
import type { Database } from '../store/schema.js';
import { MetricInputError } from './input-error.js';

export interface Scope {
  projectId: string;
  /** Only events about these items (a course and its lessons, or any catalog item) and their orders. */
  courses?: string[];
  /** Only learners whose identify trait `key` equals `value` (compared as text). */
  trait?: { key: string; value: string };
  /** Only the members of this segment in the latest run of its method. */
  segment?: { method: string; segmentId: number };
}

export interface ScopeFilters {
  course?: string;
  category?: string;
  /** `key:value`, e.g. `plan:pro`. */
  trait?: string;
  /** `<method>:<id or key>`, e.g. `kmeans:3` or `rfm:at_risk` (as `GET /v1/segments` names them). */
  segment?: string;
}

export function parseTrait(text: string): { key: string; value: string } {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new MetricInputError('trait', `trait must be key:value (e.g. plan:pro), got "${text}"`);
  return { key: text.slice(0, i).trim(), value: text.slice(i + 1).trim() };
}

export async function resolveScope(db: Kysely<Database>, projectId: string, filters: ScopeFilters): Promise<Scope> {
  const scope: Scope = { projectId };
  if (filters.trait !== undefined) scope.trait = parseTrait(filters.trait);
  if (filters.segment !== undefined) {
    try {
      const ref = await resolveSegment(db, projectId, filters.segment);
      scope.segment = { method: ref.method, segmentId: ref.segmentId };
    } catch (err) {
      if (err instanceof SegmentRefError) throw new MetricInputError('segment', err.message);
      throw err;
    }
  }
  const courses = new Set<string>();
  if (filters.course !== undefined) {
    const course = filters.course.trim();
    const inCatalog = await db.selectFrom('items').select('item_id').where('project_id', '=', projectId).where('item_id', '=', course).executeTakeFirst();
    const inEvents = inCatalog ?? await db.selectFrom('events').select('seq')
      .where('project_id', '=', projectId).where('item_id', '=', course).limit(1).executeTakeFirst();
    if (!inEvents) throw new MetricInputError('course', `course "${course}" is neither in the catalog nor in any event`);
    courses.add(course);
  }
  if (filters.category !== undefined) {
    const rows = await db.selectFrom('items').select('item_id')
      .where('project_id', '=', projectId).where('category', '=', filters.category).execute();
    if (rows.length === 0) throw new MetricInputError('category', `no catalog item has category "${filters.category}"`);
    const inCategory = new Set(rows.map((r) => r.item_id));
    if (filters.course !== undefined) {
      // Both filters: the course must be in the category.
      for (const c of courses) if (!inCategory.has(c)) courses.delete(c);
      if (courses.size === 0) throw new MetricInputError('course', `course "${filters.course}" is not in category "${filters.category}"`);
    } else for (const id of inCategory) courses.add(id);
  }
  if (courses.size > 0) scope.courses = [...courses];
  return scope;
}
