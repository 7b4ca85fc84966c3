/**
 * Lessons that stand out from the rest of their course: learners leave them (a finish rate lower, or
 * drops per watched hour higher, than the course's other lessons pooled) or rewind them far more
 * (rewinds per watched hour). Both together read as "too hard or unclear"; leaving alone as a
 * lesson that loses people; rewinding alone as a passage that needs examples. The finish-rate test
 * leaves the course's first lesson out on both sides: everyone who samples a course starts there,
 * so it always loses the browsers, and counting them would flag every first lesson and lower the
 * bar for the rest. Drops and rewinds are per watched hour and need no such care. Each test compares the
 * lesson with its own course, so a course's audience and pace are the baseline, and needs both a
 * statistically clear difference (z ≥ `lessonZ`) and a material one (`lessonFinishGap`,
 * `lessonRateRatio`) on at least `minLessonLearners` learners.
 *
 * @example
 *   const findings = diagnoseLessons(catalog, viewing, feedback, defaultDiagnosis);
 *   // [{ kind: 'lesson-too-hard', itemId: 'course-7-lesson-7', action: { en: 'Split lesson 7 …' }, … }]
 */
import type { CatalogIndex } from './catalog-index.js';
import type { FeedbackSignals } from './feedback-signals.js';
import { finding, type Finding } from './findings.js';
import type { DiagnosisConfig } from './quality-config.js';
import { proportionZ, rateZ } from './statistics.js';
import type { ViewingSignals } from './viewing-signals.js';

const round = (x: number, d = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

export function diagnoseLessons(catalog: CatalogIndex, v: ViewingSignals, feedback: FeedbackSignals, c: DiagnosisConfig): Finding[] {
  const out: Finding[] = [];
  for (const [course, lessons] of catalog.lessonsOf) {
    if (lessons.length < 2) continue;
    for (const l of lessons) {
      if (v.started[l]! < c.minLessonLearners) continue;
      const f = lessonFinding(catalog, v, feedback, c, course, l);
      if (f) out.push(f);
    }
  }
  return out;
}

function lessonFinding(
  catalog: CatalogIndex, v: ViewingSignals, feedback: FeedbackSignals, c: DiagnosisConfig, course: number, l: number,
): Finding | null {
  const hours = v.watchedS[l]! / 3600;
  const first = catalog.lessonsOf.get(course)![0]!;
  const isFirst = l === first;
  const restStarted = v.started[course]! - v.started[l]! - (isFirst ? 0 : v.started[first]!);
  const restFinished = v.finished[course]! - v.finished[l]! - (isFirst ? 0 : v.finished[first]!);
  const restHours = v.watchedS[course]! / 3600 - hours;
  const restDrops = v.drops[course]! - v.drops[l]!;
  const restRewinds = v.rewinds[course]! - v.rewinds[l]!;

  const finishRate = v.finished[l]! / v.started[l]!;
  const restFinishRate = restStarted > 0 ? restFinished / restStarted : NaN;
  const finishZ = proportionZ(v.finished[l]!, v.started[l]!, restFinished, restStarted);
  const dropRate = hours > 0 ? v.drops[l]! / hours : NaN;
  const restDropRate = restHours > 0 ? restDrops / restHours : NaN;
  const dropZ = rateZ(v.drops[l]!, hours, restDrops, restHours);
  const rewindRate = hours > 0 ? v.rewinds[l]! / hours : NaN;
  const restRewindRate = restHours > 0 ? restRewinds / restHours : NaN;
  const rewindZ = rateZ(v.rewinds[l]!, hours, restRewinds, restHours);

  // Not finishing is only read as leaving when learners also stop mid-lesson at least as often as
  // elsewhere: a lower finish rate alone can be a different audience (who reached this lesson).
  const finishing = !isFirst && -finishZ >= c.lessonZ && restFinishRate - finishRate >= c.lessonFinishGap && dropZ > 0;
  const dropping = dropZ >= c.lessonZ && dropRate >= c.lessonRateRatio * restDropRate;
  const rewinding = rewindZ >= c.lessonZ && rewindRate >= c.lessonRateRatio * restRewindRate;
  const leaving = finishing || dropping;
  if (!leaving && !rewinding) return null;

  const strength = Math.max(finishing ? -finishZ : 0, dropping ? dropZ : 0, rewinding ? rewindZ : 0);
  const kind = leaving && rewinding ? 'lesson-too-hard' : leaving ? 'lesson-drop-off' : 'lesson-unclear';
  const position = catalog.position[l]! || Array.prototype.indexOf.call(catalog.lessonsOf.get(course)!, l) + 1;
  return finding(kind, catalog.ids[l]!, strength, {
    courseId: catalog.ids[course]!,
    lessonPosition: position,
    learners: v.started[l]!,
    finishRate: round(finishRate), courseFinishRate: isFirst ? null : round(restFinishRate), finishZ: isFirst ? null : round(finishZ, 1),
    dropsPerHour: round(dropRate, 2), courseDropsPerHour: round(restDropRate, 2), dropZ: round(dropZ, 1),
    rewindsPerHour: round(rewindRate, 2), courseRewindsPerHour: round(restRewindRate, 2), rewindZ: round(rewindZ, 1),
    rewinders: v.rewinders[l]!,
    questions: feedback.questions[l]!,
  }, { position });
}
