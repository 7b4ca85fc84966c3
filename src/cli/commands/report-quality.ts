/**
 * `learnloop report quality`: content-quality scores and what to fix first, straight from the store
 * file. A readable report on stdout, or with --json the API's `{"items":[…]}` for the type.
 */
import { defaultProjectId } from '../../store/projects.store.js';
import { openStore } from '../../store/store.js';
import { qualitySorts, sortItems, type QualitySort } from '../../quality/item-sort.js';
import { parseWeights, qualityConfig } from '../../quality/quality-config.js';
import { readQualitySignals, scoreQuality, summary } from '../../quality/report.js';
import { qualityText } from '../../quality/report-text.js';
import { numberFlag, parseFlags, UsageError } from '../command.js';
import { ProgressLine } from '../progress.js';
import { dbLocation } from '../workspace.js';

export const reportQualityUsage = `Usage: learnloop report quality [--type course] [--category NAME] [--sort -score|score|findings|confidence|itemId]
                              [--limit 20] [--lang zh|en] [--weights rating=0.3,experts=0.2] [--rating-prior M]
                              [--json] [--db ./data/learnloop.db]

Scores (0–100, 50 = typical), confidence, components and findings with suggested actions.
--json prints every item of the type as GET /v1/quality/items does. Definitions: docs/QUALITY.md.`;

export async function runReportQuality(argv: string[]): Promise<number> {
  const { values: v } = parseFlags(argv, {
    db: { type: 'string' }, json: { type: 'boolean' }, type: { type: 'string' }, category: { type: 'string' },
    sort: { type: 'string' }, limit: { type: 'string' }, lang: { type: 'string' }, weights: { type: 'string' },
    'rating-prior': { type: 'string' },
  });
  const sort = (v.sort ?? '-score') as QualitySort;
  if (!qualitySorts.includes(sort)) throw new UsageError(`--sort must be one of ${qualitySorts.join(', ')}`);
  const lang = v.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
  let config;
  try {
    config = qualityConfig({
      weights: v.weights ? parseWeights(v.weights) : undefined,
      ratingPriorStrength: v['rating-prior'] === undefined ? null : numberFlag(v['rating-prior'], 'rating-prior', 10),
    });
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
  const type = v.type ?? 'course';
  const store = await openStore({ location: dbLocation(v.db) });
  try {
    const progress = new ProgressLine('reading quality signals');
    const report = scoreQuality(await readQualitySignals(store.db, defaultProjectId), config);
    progress.done(`${report.items.length} items`);
    if (v.json) {
      const items = report.items.filter((it) => it.type === type && (v.category === undefined || it.category === v.category)).map(summary);
      process.stdout.write(JSON.stringify({ items: sortItems(items, sort) }) + '\n');
    } else {
      process.stdout.write(qualityText(report, { type, category: v.category, sort, limit: numberFlag(v.limit, 'limit', 20), lang }));
    }
    return 0;
  } finally {
    await store.close();
  }
}
