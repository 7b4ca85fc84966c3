/**
 * One course's drop-off: per lesson, how many of its audience (buyers or starters) reached it,
 * completed it and stopped there; and for a chosen lesson, the share of its viewers still watching
 * at each 5% of its length. Reads `/v1/items/:id` and `/v1/metrics/dropoff?course=` / `?lesson=`.
 * Audience and lesson live in the URL (`?audience=starters&lesson=course-7-l3`).
 */
import { useMemo } from 'react';
import type { CourseDropoff, LessonDropoff, LessonRetention } from '../../../src/analytics/dropoff';
import type { CatalogItem } from '../../../src/catalog/item';
import { useApi } from '../api';
import { Chart } from '../components/chart';
import { DataTable } from '../components/data-table';
import { Page, Section } from '../components/page';
import { oneOf, Segmented } from '../components/segmented';
import { Stat } from '../components/stat';
import { Empty, ErrorNote, Loaded } from '../components/status';
import { useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';
import { courseMessages } from './courses-messages';

const audiences = ['buyers', 'starters'] as const;

export function CoursePage({ params }: { params: Record<string, string> }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const query = useQuery();
  const id = params.id!;
  const item = useApi<CatalogItem>(`/v1/items/${encodeURIComponent(id)}`);
  // A free course has no buyers to speak of: its audience is whoever started it.
  const free = item.data !== undefined && !(Number(item.data.price) > 0);
  const fallback = free ? 'starters' : 'buyers';
  const audience = oneOf(query.get('audience'), audiences, fallback);
  const known = item.data !== undefined || (item.error !== undefined && item.error.status !== 404);
  const dropoff = useApi<CourseDropoff>(known ? '/v1/metrics/dropoff' : null, { course: id, audience });
  const lessons = dropoff.data?.lessons ?? [];
  const lesson = lessons.find((l) => l.lessonId === query.get('lesson')) ?? worstLesson(lessons);
  const course = item.data;
  return (
    <Page title={course?.title ?? id}
      subtitle={course ? t('courseSubtitle', { lessons: lessons.length || '…', category: course.category ?? '—', author: course.author ?? '—' }) : undefined}
      actions={<>
        <a href="/courses">← {t('back')}</a>
        <Segmented label={t('audience')} value={audience} onChange={(a) => setQuery({ audience: a === fallback ? undefined : a })} options={[
          { value: 'buyers', label: t('buyersAudience'), title: t('buyersHint') },
          { value: 'starters', label: t('startersAudience'), title: t('startersHint') },
        ]} />
      </>}>
      {item.error?.status === 404
        ? <Empty title={t('noCourse', { id })} hint={<a href="/courses">{t('back')}</a>} />
        : dropoff.error?.field === 'querystring.course'
        ? <Empty title={t('noLessons')} hint={t('noLessonsHint')} />
        : <Loaded state={dropoff}>{(d) => d.audience === 0
          ? <Empty title={t('noAudience')} hint={t(audience === 'buyers' ? 'noBuyersHint' : 'noStartersHint')} />
          : (
            <>
              <Headline d={d} />
              <Section wide title={t('lessons')}>
                <p className="muted retention-hint">{t('clickLesson')}</p>
                <LessonBars d={d} selected={lesson?.lessonId} />
              </Section>
              {lesson && <LessonCurve lesson={lesson} lessons={d.lessons} />}
              <Section wide title={t('lessonTable')}><LessonTable d={d} /></Section>
            </>
          )}</Loaded>}
      {item.error && item.error.status !== 404 && <ErrorNote error={item.error} retry={item.reload} />}
    </Page>
  );
}

/** Without a chosen lesson, open the one where most of the audience stopped: the first question asked. */
function worstLesson(lessons: readonly LessonDropoff[]): LessonDropoff | undefined {
  return lessons.reduce<LessonDropoff | undefined>((w, l) => (!w || l.abandonedHere > w.abandonedHere ? l : w), undefined);
}

function Headline({ d }: { d: CourseDropoff }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const last = d.lessons[d.lessons.length - 1];
  return (
    <div className="stats">
      <Stat label={t('audienceSize')} value={fmt.number(d.audience)} hint={t(d.audienceKind === 'buyers' ? 'buyersAudience' : 'startersAudience')} />
      <Stat label={t('neverStarted')} value={fmt.number(d.neverStarted)} hint={fmt.percent(d.neverStarted / d.audience)} />
      <Stat label={t('reachedLast')} value={fmt.percent(last?.startedShare)} hint={last ? fmt.number(last.started) : undefined} />
      <Stat label={t('finishedLast')} value={fmt.percent(last?.finishedShare)} hint={last ? fmt.number(last.finished) : undefined} />
    </div>
  );
}

const lessonName = (l: LessonDropoff) => `${l.position}. ${l.title}`;

function LessonBars({ d, selected }: { d: CourseDropoff; selected?: string }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category', data: d.lessons.map((l) => String(l.position)),
      axisLabel: { formatter: (v: string) => (d.lessons.find((l) => String(l.position) === v)?.lessonId === selected ? `{b|${v}}` : v), rich: { b: { fontWeight: 700, color: '#111827' } } },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
    series: [
      { name: t('reached'), type: 'bar', data: d.lessons.map((l) => l.started), cursor: 'pointer' },
      { name: t('finished'), type: 'bar', data: d.lessons.map((l) => l.finished), cursor: 'pointer' },
      { name: t('dropped'), type: 'bar', data: d.lessons.map((l) => l.abandonedHere), itemStyle: { color: '#dc2626' }, cursor: 'pointer' },
    ],
  }), [d, fmt, t, selected]);
  return <Chart label={t('lessonsLabel')} option={option} height={320}
    onClick={(p) => { const l = d.lessons[p.dataIndex]; if (l) setQuery({ lesson: l.lessonId }); }}
    table={{
      columns: [t('lesson'), t('reached'), t('finished'), t('dropped')],
      rows: d.lessons.map((l) => [lessonName(l), l.started, l.finished, l.abandonedHere]),
    }} />;
}

function LessonCurve({ lesson, lessons }: { lesson: LessonDropoff; lessons: LessonDropoff[] }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const curve = useApi<LessonRetention>('/v1/metrics/dropoff', { lesson: lesson.lessonId });
  return (
    <Section wide title={t('curveTitle', { lesson: lessonName(lesson) })} actions={
      <label>{t('chooseLesson')} <select value={lesson.lessonId} onChange={(e) => setQuery({ lesson: e.target.value })}>
        {lessons.map((l) => <option key={l.lessonId} value={l.lessonId}>{lessonName(l)}</option>)}
      </select></label>}>
      <Loaded state={curve}>{(c) => c.viewers === 0 ? <Empty title={t('noViewers')} hint={t('noViewersHint')} /> : (
        <>
          <p className="muted retention-hint">{t('curveSubtitle', { viewers: fmt.number(c.viewers), length: t('min', { n: fmt.number(c.durationS / 60, 1) }) })}</p>
          <CurveChart c={c} position={lesson.position} />
        </>
      )}</Loaded>
    </Section>
  );
}

function CurveChart({ c, position }: { c: LessonRetention; position: number }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const option = useMemo(() => ({
    grid: { left: 56, right: 24, top: 16, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt.percent(v / 100) },
    xAxis: { type: 'category', boundaryGap: false, name: t('percentOfLesson'), nameLocation: 'middle', nameGap: 26, data: c.curve.map((p) => `${p.percent}%`) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [{ name: t('stillWatching'), type: 'line', smooth: false, areaStyle: { opacity: 0.15 }, data: c.curve.map((p) => Math.round(p.share * 1000) / 10) }],
  }), [c, fmt, t]);
  return <Chart label={t('curveLabel', { lesson: position })} option={option} height={280} table={{
    columns: [t('percentOfLesson'), t('stillWatching')],
    rows: c.curve.map((p) => [`${p.percent}%`, fmt.percent(p.share)]),
  }} />;
}

function LessonTable({ d }: { d: CourseDropoff }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  return (
    <DataTable<LessonDropoff> label={t('lessonTable')} rows={d.lessons} rowKey={(l) => l.lessonId} initialSort={{ key: 'position' }}
      columns={[
        { key: 'position', label: '#', value: (l) => l.position, numeric: true },
        { key: 'title', label: t('lesson'), value: (l) => l.title, show: (l) => <button type="button" className="link" onClick={() => setQuery({ lesson: l.lessonId })}>{l.title}</button> },
        { key: 'started', label: t('reached'), value: (l) => l.started, show: (l) => fmt.number(l.started), numeric: true },
        { key: 'startedShare', label: t('reachedShare'), value: (l) => l.startedShare, show: (l) => fmt.percent(l.startedShare), numeric: true },
        { key: 'finished', label: t('finished'), value: (l) => l.finished, show: (l) => fmt.number(l.finished), numeric: true },
        { key: 'finishedShare', label: t('finishedShare'), value: (l) => l.finishedShare, show: (l) => fmt.percent(l.finishedShare), numeric: true },
        { key: 'finishRate', label: t('lessonFinishRate'), title: t('lessonFinishRateHint'), value: (l) => l.finishRate, show: (l) => fmt.percent(l.finishRate), numeric: true },
        { key: 'abandoned', label: t('dropped'), value: (l) => l.abandonedHere, show: (l) => fmt.number(l.abandonedHere), numeric: true },
      ]} />
  );
}
