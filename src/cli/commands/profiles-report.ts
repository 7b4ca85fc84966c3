/**
 * `learnloop report segments` and `learnloop report rules`: learner segments and association rules
 * straight from the store file. Readable tables on stdout, or the API's JSON with --json.
 */
import { renderTable } from '../../analytics/report-tables.js';
import { parseAsOf } from '../../profiles/as-of.js';
import { projectTimezone } from '../../profiles/learner-features.js';
import { learnerRules, ruleBases, type RuleBasis } from '../../profiles/rules.js';
import { segmentationJson, segmentMethods, type SegmentMethod, type SegmentRun } from '../../profiles/segment-run.js';
import { computeSegments } from '../../profiles/segments.js';
import { latestSegmentRun } from '../../profiles/segments.store.js';
import { defaultProjectId } from '../../store/projects.store.js';
import { openStore } from '../../store/store.js';
import { numberFlag, parseFlags, UsageError } from '../command.js';
import { ProgressLine } from '../progress.js';
import { dbLocation } from '../workspace.js';

export const reportProfilesUsage = `Usage: learnloop report segments [--method kmeans|rfm|all] [--compute] [--k N | --k-min 3 --k-max 8]
                               [--as-of YYYY-MM-DD] [--window-days 365] [--seed 1] [--lang zh|en] [--json]
       learnloop report rules [--item ID] [--basis purchases|completions] [--min-support 0.005]
                              [--min-confidence 0.1] [--min-lift L] [--max-length 3] [--limit 20] [--as-of DATE] [--json]

segments prints the latest stored segmentation (computing one when none is stored, or with --compute);
rules prints "learners who bought X also bought Y" with support, confidence and lift. Definitions: docs/PROFILES.md.`;

export const profileReports = ['segments', 'rules'] as const;

export async function runReportProfiles(report: (typeof profileReports)[number], argv: string[]): Promise<number> {
  const { values: v } = parseFlags(argv, {
    db: { type: 'string' }, json: { type: 'boolean' }, 'as-of': { type: 'string' }, lang: { type: 'string' },
    method: { type: 'string' }, compute: { type: 'boolean' }, k: { type: 'string' }, 'k-min': { type: 'string' }, 'k-max': { type: 'string' },
    'window-days': { type: 'string' }, seed: { type: 'string' },
    item: { type: 'string' }, basis: { type: 'string' }, 'min-support': { type: 'string' }, 'min-confidence': { type: 'string' },
    'min-lift': { type: 'string' }, 'max-length': { type: 'string' }, limit: { type: 'string' },
  });
  const lang = v.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
  const store = await openStore({ location: dbLocation(v.db) });
  try {
    const projectId = defaultProjectId;
    let asOf: number | undefined;
    if (v['as-of'] !== undefined) {
      asOf = parseAsOf(v['as-of'], await projectTimezone(store.db, projectId));
      if (asOf === undefined) throw new UsageError(`--as-of must be a date YYYY-MM-DD or an ISO 8601 date-time; got "${v['as-of']}"`);
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    if (report === 'rules') {
      const basis = (v.basis ?? 'purchases') as RuleBasis;
      if (!ruleBases.includes(basis)) throw new UsageError(`--basis must be one of ${ruleBases.join(', ')}`);
      const minSupport = numberFlag(v['min-support'], 'min-support', 0.005);
      if (!(minSupport > 0 && minSupport <= 1)) throw new UsageError('--min-support must be in (0, 1]: a share of learners');
      const answer = await learnerRules(store.db, projectId, {
        basis, minSupport, minConfidence: numberFlag(v['min-confidence'], 'min-confidence', 0.1),
        minLift: v['min-lift'] === undefined ? undefined : numberFlag(v['min-lift'], 'min-lift', 0),
        maxLength: numberFlag(v['max-length'], 'max-length', 3), item: v.item, limit: numberFlag(v.limit, 'limit', 20), asOf,
      });
      if (!answer) throw new UsageError(`--item: no item "${v.item}" in the catalog or in any basket`);
      if (v.json) {
        process.stdout.write(JSON.stringify({ item: v.item ?? null, ...answer }) + '\n');
        return 0;
      }
      const names = (list: { id: string; title: string | null }[]) => list.map((x) => x.title ?? x.id).join(' + ');
      process.stdout.write(renderTable({
        title: `Rules on ${answer.basis}${v.item ? ` with ${v.item}` : ''}: ${answer.total} of them over ${answer.baskets} learners (at least ${answer.minCount} learners each)`,
        columns: ['if', 'then', 'learners', 'support', 'confidence', 'lift'],
        rows: answer.rules.map((r) => [names(r.antecedent), names(r.consequent), r.count, pct(r.support), pct(r.confidence), r.lift]),
      }));
      return 0;
    }

    const method = v.method ?? 'all';
    if (method !== 'all' && !(segmentMethods as readonly string[]).includes(method)) throw new UsageError(`--method must be one of ${segmentMethods.join(', ')}, all`);
    const methods: readonly SegmentMethod[] = method === 'all' ? segmentMethods : [method as SegmentMethod];
    const stored = v.compute ? [] : (await Promise.all(methods.map((m) => latestSegmentRun(store.db, projectId, m)))).filter((r) => r !== undefined);
    let runs: SegmentRun[] = stored;
    if (stored.length < methods.length) {
      const progress = new ProgressLine('computing learner features and segments');
      try {
        runs = await computeSegments(store.db, projectId, {
          methods, asOf, windowDays: v['window-days'] === undefined ? undefined : numberFlag(v['window-days'], 'window-days', 365),
          k: v.k === undefined ? undefined : numberFlag(v.k, 'k', 0), kMin: numberFlag(v['k-min'], 'k-min', 3), kMax: numberFlag(v['k-max'], 'k-max', 8),
          seed: numberFlag(v.seed, 'seed', 1),
        });
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(err.message);
        throw err;
      }
      progress.done(`${runs[0]?.learners ?? 0} learners`);
    }
    if (v.json) {
      process.stdout.write(JSON.stringify({ segmentations: runs.map((r) => segmentationJson(r, false)) }) + '\n');
      return 0;
    }
    const num = (x: number | null | undefined) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
    process.stdout.write(runs.map((run) => renderTable({
      title: `${run.method === 'kmeans' ? 'k-means' : 'RFM'} segments of ${run.learners} learners as of ${new Date(run.asOf).toISOString().slice(0, 16)}Z`
        + (run.quality === null ? '' : ` (silhouette ${run.quality.toFixed(3)})`),
      columns: ['id', 'segment', 'learners', 'share', 'days since active', 'active days/wk', 'min/day', 'spend', 'completion', 'description'],
      rows: run.segments.map((s) => [
        s.id, s.name[lang], s.size, pct(s.share), num(s.centroid.recencyDays), num(s.centroid.activeDaysPerActiveWeek),
        num(s.centroid.minutesPerActiveDay), num(s.centroid.spend), s.centroid.completionRate == null ? null : pct(s.centroid.completionRate),
        run.method === 'rfm' ? `${s.rule}: ${s.description[lang]}` : s.description[lang],
      ]),
    })).join('\n'));
    return 0;
  } finally {
    await store.close();
  }
}
