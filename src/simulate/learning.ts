/**
 * Watching lessons: `Lesson Started`, a `Lesson Progress` heartbeat for every ~60 s of watching
 * (`position_s` = playhead, `watched_s` = seconds watched since the previous heartbeat of this
 * playback, so a lesson's watch time is the sum of its heartbeats), `Lesson Completed`, and a
 * `Quiz Submitted` after lessons that have a quiz.
 *
 * Each minute the learner may drop off; the chance grows as engagement falls and is much higher in
 * hard lessons, where learners also rewind (the playhead jumps back) and ask questions. A session
 * that runs out of time pauses the lesson; the learner resumes there next time.
 *
 * @example
 *   const t2 = studyCourse(learnerDay, holding, t, sessionEndMs); // watches lessons until the session ends
 */
import { answerText, questionText } from './phrases.js';
import { nextId, type Holding } from './learners.js';
import { topics } from './vocabulary.js';
import { engagement, type LearnerDay } from './world.js';
import { considerRefund, maybeRate } from './feedback.js';

export type LessonOutcome = 'completed' | 'dropped' | 'paused';

const heartbeatS = 60;

/**
 * Watch the held course's lessons from `t` until the session ends, the course ends, or the learner
 * stops. With `previewOnly`, watch only free preview lessons. Returns the time the learner is done.
 */
export function studyCourse(d: LearnerDay, h: Holding, t: number, endMs: number, previewOnly = false): number {
  const { learner, world } = d;
  const c = world.catalog;
  const count = c.lessonCount[h.product]!;
  const bingeP = learner.habit === 'weekend' ? 0.8 : learner.habit === 'daily' ? 0.55 : 0.6;
  while (h.nextLesson < count && !h.abandoned && t < endMs - minuteMsGuard) {
    const lesson = c.firstLesson[h.product]! + h.nextLesson;
    if (previewOnly && c.lessonFree[lesson] === 0) break;
    const r = watchLesson(d, h, lesson, t, endMs);
    t = r.t;
    if (h.orderId !== null && d.day - h.day <= 7 && considerRefund(d, h, t)) return t;
    if (r.outcome !== 'completed') break;
    maybeRate(d, h, t += 5_000);
    if (h.nextLesson >= count) {
      dequeue(d, h.product);
      break;
    }
    if (!learner.rng.chance(bingeP)) break;
    t += 10_000 + learner.rng.int(60_000);
  }
  return t;
}

const minuteMsGuard = 90_000;

function dequeue(d: LearnerDay, product: number): void {
  const q = d.learner.state.courseQueue;
  const i = q.indexOf(product);
  if (i >= 0) q.splice(i, 1);
}

function watchLesson(d: LearnerDay, h: Holding, lesson: number, t: number, endMs: number): { t: number; outcome: LessonOutcome } {
  const { learner, world } = d;
  const c = world.catalog;
  const rng = learner.rng;
  const out = world.outbox;
  const hard = c.lessonHard[lesson] === 1;
  const durationS = c.lessonDurationS[lesson]!;
  const e = engagement(learner, world, h.product) - (hard ? 0.15 : 0);
  const dropPerMinute = 0.006 + 0.07 * (1 - e) * (1 - e) + (hard ? 0.04 : 0);
  const rewindP = hard ? 0.2 : 0.03;
  const courseId = c.productIds[h.product]!;
  const lessonId = c.lessonIds[lesson]!;
  const position = h.nextLesson + 1;
  let playhead = Math.min(h.resumeS, durationS - 30);
  out.track(learner, t, 'Lesson Started', {
    course_id: courseId, lesson_id: lessonId, lesson_position: position, position_s: Math.round(playhead), duration_s: durationS,
  });
  let rewinds = 0;
  let outcome: LessonOutcome = 'paused';
  for (;;) {
    let watched = heartbeatS + rng.between(-2, 2);
    const left = (endMs - t) / 1000;
    const stopping = left < watched;
    if (stopping) watched = Math.max(1, left - 1);
    if (playhead > 90 && rng.next() < rewindP) {
      playhead -= rng.between(20, 90);
      rewinds++;
    }
    const toEnd = (durationS - playhead) / learner.playbackSpeed;
    if (toEnd <= watched) {
      t += Math.round(toEnd * 1000);
      out.track(learner, t, 'Lesson Progress', { course_id: courseId, lesson_id: lessonId, position_s: durationS, watched_s: Math.round(toEnd) });
      out.track(learner, t + 500, 'Lesson Completed', { course_id: courseId, lesson_id: lessonId, lesson_position: position, duration_s: durationS });
      outcome = 'completed';
      break;
    }
    playhead += watched * learner.playbackSpeed;
    t += Math.round(watched * 1000);
    out.track(learner, t, 'Lesson Progress', {
      course_id: courseId, lesson_id: lessonId, position_s: Math.round(playhead), watched_s: Math.round(watched),
    });
    if (stopping) break;
    if (rng.next() < dropPerMinute) {
      outcome = 'dropped';
      break;
    }
  }
  if (hard && rewinds >= 2 && rng.chance(0.15)) askQuestion(d, h, lesson, t += 20_000);
  if (outcome === 'completed') {
    h.nextLesson++;
    h.resumeS = 0;
    h.lessonsCompleted++;
    h.enjoyment = 0.6 * h.enjoyment + 0.4 * e;
    // A finished lesson pleases in proportion to how good it was for this learner; a poor one grates.
    if (e >= 0.5) d.joy += 2 * (e - 0.5);
    else d.frustration += 2 * (0.5 - e);
    if (c.lessonQuiz[lesson] === 1 && rng.chance(0.7)) t = takeQuiz(d, h, lesson, t + 3_000, hard);
    maybeAnswer(d, h, lesson, t);
  } else {
    h.resumeS = Math.max(0, playhead - 10);
    if (outcome === 'dropped') {
      h.enjoyment = 0.6 * h.enjoyment + 0.4 * (e - 0.2);
      d.frustration += hard ? 0.9 : 0.6;
      // Learners who are not getting much out of a course give up on it.
      if (rng.chance(0.12 + Math.max(0, 0.6 - e) * 0.8)) {
        h.abandoned = true;
        dequeue(d, h.product);
      }
    }
  }
  if (rewinds >= 3) d.frustration += 0.3;
  return { t, outcome };
}

function takeQuiz(d: LearnerDay, h: Holding, lesson: number, t: number, hard: boolean): number {
  const { learner, world } = d;
  const c = world.catalog;
  const fit = 0.55 + 0.45 * (learner.skill - c.productDifficulty[h.product]!) + 0.2 * (c.productQuality[h.product]! - 0.5) - (hard ? 0.15 : 0);
  const score = Math.round(100 * Math.min(1, Math.max(0, fit + learner.rng.normal(0, 0.12))));
  t += 60_000 + learner.rng.int(240_000);
  world.outbox.track(learner, t, 'Quiz Submitted', {
    course_id: c.productIds[h.product]!, lesson_id: c.lessonIds[lesson]!, quiz_id: `quiz-${c.lessonIds[lesson]!}`,
    score, max_score: 100, passed: score >= 60,
  });
  if (score < 60) d.frustration += 0.4;
  else d.joy += 0.2;
  return t;
}

function askQuestion(d: LearnerDay, h: Holding, lesson: number, t: number): void {
  const { learner, world } = d;
  const c = world.catalog;
  const aspect = topics[c.productTopic[h.product]!]!.aspects[c.lessonAspect[lesson]!]!;
  const questionId = nextId(learner, 'question');
  world.outbox.track(learner, t, 'Question Asked', {
    question_id: questionId, course_id: c.productIds[h.product]!, lesson_id: c.lessonIds[lesson]!,
    text: questionText(learner.rng, learner.language, aspect, h.nextLesson + 1),
  });
  const open = world.openQuestions.get(h.product) ?? [];
  open.push(questionId);
  world.openQuestions.set(h.product, open);
}

/** Skilled learners who just finished a lesson sometimes answer a classmate's open question. */
function maybeAnswer(d: LearnerDay, h: Holding, lesson: number, t: number): void {
  const { learner, world } = d;
  const open = world.openQuestions.get(h.product);
  if (!open || open.length === 0 || learner.skill < 0.55 || !learner.rng.chance(0.25)) return;
  const own = `question-${learner.userId}-`;
  const i = open.findIndex((id) => !id.startsWith(own));
  if (i < 0) return;
  const c = world.catalog;
  const aspect = topics[c.productTopic[h.product]!]!.aspects[c.lessonAspect[lesson]!]!;
  world.outbox.track(learner, t + 30_000, 'Answer Posted', {
    answer_id: nextId(learner, 'answer'), question_id: open.splice(i, 1)[0]!, course_id: c.productIds[h.product]!,
    text: answerText(learner.rng, learner.language, aspect),
  });
  d.joy += 0.2;
}
