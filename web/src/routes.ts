/**
 * Every page of the dashboard: its URL pattern, its name in the navigation (both languages), and
 * its component. The navigation is built from this list in this order; entries without `nav`
 * (detail pages) are reached from links on other pages. Adding a page is one line here.
 */
import type { ComponentType } from 'react';
import { AccountPage } from './pages/account';
import { AtRiskPage } from './pages/at-risk/page';
import { CoursesPage } from './pages/courses';
import { CoursePage } from './pages/courses-detail';
import { FunnelsPage } from './pages/funnels';
import { LearnerPage } from './pages/learner/learner-page';
import { LearnersPage } from './pages/learners';
import { ModelsPage } from './pages/models/page';
import { OverviewPage } from './pages/overview';
import { QualityItemPage } from './pages/quality/item';
import { QualityListPage } from './pages/quality/list';
import { RetentionPage } from './pages/retention';
import { RulesPage } from './pages/rules';
import { SegmentsPage } from './pages/segments/page';

export interface PageRoute {
  path: string;
  /** Shown in the `<nav>`; detail pages omit it. */
  nav?: { en: string; zh: string };
  /** Which nav entry to highlight for a detail page. */
  section?: string;
  component: ComponentType<{ params: Record<string, string> }>;
}

export const pages: readonly PageRoute[] = [
  { path: '/', nav: { en: 'Overview', zh: '概览' }, component: OverviewPage },
  { path: '/retention', nav: { en: 'Retention', zh: '留存' }, component: RetentionPage },
  { path: '/funnels', nav: { en: 'Funnels', zh: '漏斗' }, component: FunnelsPage },
  { path: '/courses', nav: { en: 'Courses', zh: '课程' }, component: CoursesPage },
  { path: '/courses/:id', section: '/courses', component: CoursePage },
  { path: '/learners', nav: { en: 'Learners', zh: '学员' }, component: LearnersPage },
  { path: '/learners/:id', section: '/learners', component: LearnerPage },
  { path: '/at-risk', nav: { en: 'At risk', zh: '流失风险' }, component: AtRiskPage },
  { path: '/segments', nav: { en: 'Segments', zh: '分群' }, component: SegmentsPage },
  { path: '/rules', nav: { en: 'Rules', zh: '关联规则' }, component: RulesPage },
  { path: '/quality', nav: { en: 'Quality', zh: '内容质量' }, component: QualityListPage },
  { path: '/quality/:id', section: '/quality', component: QualityItemPage },
  { path: '/models', nav: { en: 'Models', zh: '模型' }, component: ModelsPage },
  { path: '/account', component: AccountPage },
];
