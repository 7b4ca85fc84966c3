/**
 * The one Database interface: every table, assembled from the feature folders that own them.
 * Row types are snake_case like the columns; features map them to camelCase domain types.
 */
import type { DashboardAccountsTable, DashboardSessionsTable } from '../accounts/accounts.table.js';
import type {
  ActivityHoursTable, ActivityPeriodsTable, ActivityPeriodZonesTable, AnalyticsUsersTable, CourseHoursTable, EventHoursTable,
} from '../analytics/rollups.table.js';
import type { ItemsTable } from '../catalog/items.table.js';
import type { NudgeCursorTable, NudgesTable } from '../churn/nudges.table.js';
import type { DeriveStateTable, LessonProgressTable, SessionsTable } from '../ingest/derived.table.js';
import type { AliasesTable, EventsTable, OrderItemsTable, UsersTable } from '../ingest/events.table.js';
import type { SegmentMembersTable, SegmentRunsTable, SegmentsTable } from '../profiles/segments.table.js';
import type { ExpertScoresTable } from '../quality/expert-scores.table.js';
import type { ModelEvaluationsTable, ModelsTable } from '../recommend/models.table.js';
import type { ApiKeysTable, ProjectsTable } from './projects.table.js';

export interface Database {
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  users: UsersTable;
  aliases: AliasesTable;
  items: ItemsTable;
  events: EventsTable;
  order_items: OrderItemsTable;
  sessions: SessionsTable;
  lesson_progress: LessonProgressTable;
  derive_state: DeriveStateTable;
  models: ModelsTable;
  model_evaluations: ModelEvaluationsTable;
  analytics_users: AnalyticsUsersTable;
  activity_hours: ActivityHoursTable;
  course_hours: CourseHoursTable;
  event_hours: EventHoursTable;
  activity_periods: ActivityPeriodsTable;
  activity_period_zones: ActivityPeriodZonesTable;
  segment_runs: SegmentRunsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  expert_scores: ExpertScoresTable;
  nudges: NudgesTable;
  nudge_cursor: NudgeCursorTable;
  dashboard_accounts: DashboardAccountsTable; dashboard_sessions: DashboardSessionsTable;
}
