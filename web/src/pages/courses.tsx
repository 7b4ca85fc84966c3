/**
 * Courses: every course of the catalog with what its learners did in the range — learners,
 * buyers, revenue, minutes learned, lessons completed — and its lesson finish rate; each opens
 * its drop-off page. Reads `/v1/items?type=course`, `/v1/metrics/courses` and the completion
 * component of `/v1/quality/items`. Search and category live in the URL.
 */
import { useMemo, useState } from 'react';
import type { CatalogItem } from '../../../src/catalog/item';
import type { CourseSummary } from '../../../src/analytics/course-summary';
import type { CoursesAnswer } from '../../../src/analytics/metrics.service';
import type { ItemQuality } from '../../../src/quality/report';
import { useApi } from '../api';
import { Chart } from '../components/chart';
import { DataTable } from '../components/data-table';
import { DateRangePicker, useDateRange } from '../components/date-range';
import { Page, Section } from '../components/page';
import { Empty, Loaded } from '../components/status';
import { useLocale, useT } from '../i18n/i18n';
import { setQuery, useQuery } from '../router';
import { courseMessages } from './courses-messages';

interface Row extends CourseSummary {
  course: CatalogItem;
  finishRate: number | null;
}

const topCount = 15;
/** Rows shown before "show all": a catalog has hundreds of courses. */
const firstRows = 50;
const noActivity: Omit<CourseSummary, 'courseId'> = { learners: 0, buyers: 0, revenue: 0, learningMinutes: 0, lessonsCompleted: 0 };

export function CoursesPage() {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const query = useQuery();
  const range = useDateRange();
  const search = query.get('q') ?? '';
  const category = query.get('category') ?? '';
  const catalog = useApi<{ items: CatalogItem[]; next: string | null }>('/v1/items', { type: 'course', limit: 1000 });
  const usage = useApi<CoursesAnswer>(range.ready ? '/v1/metrics/courses' : null, { from: range.from, to: range.to, tz: range.tz });
  // Completion is a side column: the table does not wait for the quality scores.
  const quality = useApi<{ items: ItemQuality[] }>('/v1/quality/items', { type: 'course' });

  const rows = useMemo<Row[] | undefined>(() => {
    if (!catalog.data || !usage.data) return undefined;
    const byId = new Map(usage.data.courses.map((c) => [c.courseId, c]));
    const finish = new Map(quality.data?.items.map((q) => [q.itemId, q.components.completion?.observed ?? null]));
    return catalog.data.items.map((course) => ({
      ...noActivity, ...byId.get(course.id), courseId: course.id, course, finishRate: finish.get(course.id) ?? null,
    }));
  }, [catalog.data, usage.data, quality.data]);
  const categories = useMemo(() => [...new Set(catalog.data?.items.map((c) => c.category).filter((c): c is string => !!c))].sort(), [catalog.data]);
  const shown = useMemo(() => rows?.filter((r) => (!category || r.course.category === category)
    && (!search || r.course.title.toLowerCase().includes(search.toLowerCase()) || r.courseId.includes(search))), [rows, category, search]);

  const demo = 'npx learnloop demo --users 1000 --days 90';
  if (catalog.data && catalog.data.items.length === 0) {
    return <Page title={t('title')}><Empty title={t('noCourses')} hint={t('noCoursesHint')} command={demo} /></Page>;
  }
  return (
    <Page title={t('title')}
      subtitle={range.ready ? t('subtitle', { from: fmt.date(range.from, 'long'), to: fmt.date(range.to, 'long'), tz: range.tz }) : undefined}
      actions={<DateRangePicker range={range} />}>
      <Loaded state={catalog}>{() => <Loaded state={usage}>{() => rows && shown && (
        <>
          <Section wide title={t('top')}>
            {rows.some((r) => r.learners > 0) ? <TopCourses rows={shown.length ? shown : rows} /> : <Empty title={t('noActivity')} hint={t('noActivityHint')} />}
          </Section>
          <Section wide title={t('title')} actions={
            <div className="row courses-filters">
              <input type="search" aria-label={t('search')} placeholder={t('search')} value={search} onChange={(e) => setQuery({ q: e.target.value })} />
              <select aria-label={t('category')} value={category} onChange={(e) => setQuery({ category: e.target.value })}>
                <option value="">{t('allCategories')}</option>
                {categories.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </div>}>
            <p className="muted">{t('shown', { shown: fmt.number(shown.length), total: fmt.number(rows.length) })}</p>
            {shown.length === 0 ? <Empty title={t('noMatch')} /> : <CourseTable rows={shown} query={query} />}
          </Section>
        </>
      )}</Loaded>}</Loaded>
    </Page>
  );
}

function TopCourses({ rows }: { rows: Row[] }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  const top = useMemo(() => [...rows].sort((a, b) => b.learners - a.learners).slice(0, topCount).reverse(), [rows]);
  const option = useMemo(() => ({
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    yAxis: { type: 'category', data: top.map((r) => r.course.title), axisLabel: { width: 220, overflow: 'truncate' } },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
    series: [
      { name: t('learners'), type: 'bar', data: top.map((r) => r.learners) },
      { name: t('buyers'), type: 'bar', data: top.map((r) => r.buyers) },
    ],
  }), [top, fmt, t]);
  return <Chart label={t('topLabel', { n: top.length })} option={option} height={Math.max(240, top.length * 30 + 60)} table={{
    columns: [t('course'), t('learners'), t('buyers')],
    rows: [...top].reverse().map((r) => [r.course.title, r.learners, r.buyers]),
  }} />;
}

function CourseTable({ rows, query }: { rows: Row[]; query: URLSearchParams }) {
  const t = useT(courseMessages);
  const { fmt } = useLocale();
  // The course page keeps the time zone; its drop-off is over all time.
  const tz = query.get('tz');
  const [all, setAll] = useState(false);
  return (
    <>
    <DataTable<Row> maxRows={all ? undefined : firstRows} label={t('tableLabel')} rows={rows} rowKey={(r) => r.courseId} initialSort={{ key: 'learners', descending: true }}
      href={(r) => `/courses/${encodeURIComponent(r.courseId)}${tz ? `?tz=${encodeURIComponent(tz)}` : ''}`}
      columns={[
        { key: 'title', label: t('course'), value: (r) => r.course.title },
        { key: 'category', label: t('category'), value: (r) => r.course.category },
        { key: 'author', label: t('author'), value: (r) => r.course.author },
        { key: 'price', label: t('price'), value: (r) => r.course.price, show: (r) => fmt.money(r.course.price), numeric: true },
        { key: 'learners', label: t('learners'), value: (r) => r.learners, show: (r) => fmt.number(r.learners), numeric: true },
        { key: 'buyers', label: t('buyers'), value: (r) => r.buyers, show: (r) => fmt.number(r.buyers), numeric: true },
        { key: 'revenue', label: t('revenue'), value: (r) => r.revenue, show: (r) => fmt.money(r.revenue), numeric: true },
        { key: 'minutes', label: t('minutes'), value: (r) => r.learningMinutes, show: (r) => fmt.number(r.learningMinutes), numeric: true },
        { key: 'completed', label: t('completed'), value: (r) => r.lessonsCompleted, show: (r) => fmt.number(r.lessonsCompleted), numeric: true },
        { key: 'finish', label: t('finishRate'), title: t('finishRateHint'), value: (r) => r.finishRate, show: (r) => fmt.percent(r.finishRate), numeric: true },
      ]} />
    {!all && rows.length > firstRows && (
      <p><button type="button" className="secondary" onClick={() => setAll(true)}>{t('showAll', { n: fmt.number(rows.length) })}</button></p>
    )}
    </>
  );
}
