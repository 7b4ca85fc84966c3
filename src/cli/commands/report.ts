/**
 * `learnloop report <metric>`: the metrics API from the command line, straight from the store
 * file (the server may be running on it). Readable tables on stdout, or the API's JSON with --json.
 */
import { formatDate, localDateOf } from '../../analytics/calendar.js';
import { MetricInputError } from '../../analytics/input-error.js';
import { MetricsService } from '../../analytics/metrics.service.js';
import {
  activityTable, dropoffTable, funnelTable, lifecycleTable, pathsTable, renderTable, retentionTable, stickinessTable, type Table,
} from '../../analytics/report-tables.js';
import { RollupKeeper } from '../../analytics/rollup-keeper.js';
import { rebuildRollups } from '../../analytics/rollups.store.js';
import { defaultProjectId, projectTimezone } from '../../store/projects.store.js';
import { openStore } from '../../store/store.js';
import { numberFlag, parseFlags, UsageError, type CliCommand } from '../command.js';
import { fmt, ProgressLine } from '../progress.js';
import { dbLocation } from '../workspace.js';
import { profileReports, reportProfilesUsage, runReportProfiles } from './profiles-report.js';
import { reportQualityUsage, runReportQuality } from './report-quality.js';

const metrics = ['activity', 'stickiness', 'lifecycle', 'retention', 'funnel', 'paths', 'dropoff'] as const;
type Metric = (typeof metrics)[number];

const flags = {
  db: { type: 'string' }, json: { type: 'boolean' }, rebuild: { type: 'boolean' },
  from: { type: 'string' }, to: { type: 'string' }, tz: { type: 'string' }, interval: { type: 'string' },
  course: { type: 'string' }, category: { type: 'string' }, trait: { type: 'string' },
  period: { type: 'string' }, cohort: { type: 'string' }, criterion: { type: 'string' }, periods: { type: 'string' },
  'start-event': { type: 'string' }, 'return-event': { type: 'string' },
  steps: { type: 'string' }, window: { type: 'string' }, breakdown: { type: 'string' },
  event: { type: 'string' }, depth: { type: 'string' }, limit: { type: 'string' },
  lesson: { type: 'string' }, audience: { type: 'string' },
} as const;

const dayMs = 86_400_000;

export const reportCommand: CliCommand = {
  usage: `Usage: learnloop report <metric> [--json] [--db ./data/learnloop.db] [--rebuild]
                       [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--tz Asia/Shanghai]
                       [--course ID | --category NAME] [--trait key:value]

  activity    [--interval day|week|month]        active learners, new/returning, learning minutes, spend
  stickiness  [--interval day|week]              learners by number of active days
  lifecycle   [--interval day|week|month]        new, returning, resurrecting, dormant
  retention   [--period day|week|month] [--cohort first_seen|first_purchase] [--criterion on|on_or_after]
              [--start-event NAME] [--return-event NAME] [--periods N]
  funnel      --steps "Item Viewed,Order Completed,Lesson Started" [--window 7d] [--breakdown context.device.type]
  paths       --event NAME [--depth 3] [--limit 10]
  dropoff     --course ID [--audience buyers|starters] | --lesson ID

Dates default to the 30 days up to today (retention: the last 8 weeks) in the project's time zone.
--rebuild recomputes the analytics rollups from every event first. Definitions: docs/ANALYTICS.md.

${reportQualityUsage}

${reportProfilesUsage}`,
  async run(argv) {
    if (argv[0] === 'quality') return runReportQuality(argv.slice(1));
    if (profileReports.includes(argv[0] as (typeof profileReports)[number])) return runReportProfiles(argv[0] as (typeof profileReports)[number], argv.slice(1));
    const { values: v, positionals } = parseFlags(argv, flags);
    const metric = positionals[0] as Metric | undefined;
    if (!metric || !metrics.includes(metric)) throw new UsageError(`which metric: ${metrics.join(', ')}`);
    const store = await openStore({ location: dbLocation(v.db) });
    try {
      const projectId = defaultProjectId;
      if (v.rebuild) {
        const progress = new ProgressLine('rebuilding analytics rollups');
        const r = await rebuildRollups(store.db, projectId, (n) => progress.update(null, `${fmt(n)} events`), store.insertEach);
        progress.done(`${fmt(r.folded)} events`);
      }
      const service = new MetricsService(store.db, new RollupKeeper(store.db, { insertEach: store.insertEach }));
      const tz = v.tz ?? await projectTimezone(store.db, projectId);
      const today = Date.now();
      const back = metric === 'retention' ? 55 : 29;
      const range = {
        from: v.from ?? formatDate(localDateOf(tz, today - back * dayMs)), to: v.to ?? formatDate(localDateOf(tz, today)), tz,
        course: v.course, category: v.category, trait: v.trait,
      };
      const num = (name: 'periods' | 'depth' | 'limit') => (v[name] === undefined ? undefined : numberFlag(v[name], name, 0));
      let answer: unknown;
      let table: Table;
      try {
        switch (metric) {
          case 'activity': table = activityTable((answer = await service.activity(projectId, { ...range, interval: v.interval }))); break;
          case 'stickiness': table = stickinessTable((answer = await service.stickiness(projectId, { ...range, interval: v.interval }))); break;
          case 'lifecycle': table = lifecycleTable((answer = await service.lifecycle(projectId, { ...range, interval: v.interval }))); break;
          case 'retention':
            table = retentionTable((answer = await service.retention(projectId, {
              ...range, period: v.period, cohort: v.cohort, criterion: v.criterion, startEvent: v['start-event'], returnEvent: v['return-event'], periods: num('periods'),
            })));
            break;
          case 'funnel':
            if (!v.steps) throw new UsageError('--steps "Event A,Event B,…" is required');
            table = funnelTable((answer = await service.funnel(projectId, { ...range, steps: v.steps.split(',').map((x) => x.trim()), window: v.window, breakdown: v.breakdown })));
            break;
          case 'paths':
            if (!v.event) throw new UsageError('--event NAME is required');
            table = pathsTable((answer = await service.paths(projectId, { ...range, event: v.event, depth: num('depth'), limit: num('limit') })));
            break;
          case 'dropoff':
            table = dropoffTable((answer = await service.dropoff(projectId, {
              course: v.course, lesson: v.lesson, audience: v.audience, trait: v.trait, tz, from: v.from, to: v.to,
            })));
            break;
        }
      } catch (err) {
        if (err instanceof MetricInputError) throw new UsageError(`--${err.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${err.message}`);
        throw err;
      }
      process.stdout.write(v.json ? JSON.stringify(answer) + '\n' : renderTable(table!));
      return 0;
    } finally {
      await store.close();
    }
  },
};
