/**
 * "Continue learning": for each course a learner started (or bought), the next lesson they have
 * not completed, most recently active course first; courses bought but never started come last.
 */
import type { CatalogView } from '../training-data.js';
import type { LearnerState } from './learner-state.js';
import { continueReason, type Locale, type Reason } from './reasons.js';

export interface NextLesson {
  courseId: string;
  courseTitle: string;
  lessonId: string;
  lessonTitle: string;
  position: number;
  lessonsTotal: number;
  lessonsCompleted: number;
  lastActivityAt: string | null;
  reason: Reason;
}

export function nextLessons(state: LearnerState, view: CatalogView, k: number, locale: Locale): NextLesson[] {
  const lastTouch = new Map<string, number>();
  for (const [lessonId, t] of state.touchedLessons) {
    const course = view.courseOfLesson.get(lessonId);
    if (course && t > (lastTouch.get(course) ?? -Infinity)) lastTouch.set(course, t);
  }
  const courses = new Set([...lastTouch.keys(), ...[...state.purchased].filter((c) => view.lessonsOfCourse.has(c))]);
  const out: (NextLesson & { at: number })[] = [];
  for (const courseId of courses) {
    if (state.refunded.has(courseId)) continue;
    const lessons = view.lessonsOfCourse.get(courseId) ?? [];
    const done = lessons.filter((l) => state.completedLessons.has(l.id)).length;
    const next = lessons.find((l) => !state.completedLessons.has(l.id));
    if (!next) continue;
    const courseTitle = view.items.get(courseId)?.title ?? courseId;
    const position = lessons.indexOf(next) + 1;
    const at = lastTouch.get(courseId);
    out.push({
      courseId, courseTitle, lessonId: next.id, lessonTitle: next.title, position, lessonsTotal: lessons.length, lessonsCompleted: done,
      lastActivityAt: at === undefined ? null : new Date(at).toISOString(), reason: continueReason(locale, courseTitle, position), at: at ?? -Infinity,
    });
  }
  out.sort((a, b) => b.at - a.at || (a.courseId < b.courseId ? -1 : 1));
  return out.slice(0, k).map(({ at: _at, ...rest }) => rest);
}
