/**
 * `learnloop churn train|score|report`: churn risk from the store file. `train` fits and stores a
 * model on the history before --as-of and prints the validation table (both models, the rule,
 * calibration); `score` lists the riskiest learners with their reasons; `report` prints the stored
 * model's training report. Progress goes to stderr; --json prints the API's JSON on stdout.
 */
import { renderTable } from '../../analytics/report-tables.js';
import { ChurnInputError, ChurnService, churnModelName, type ChurnTrainingReport } from '../../churn/churn-service.js';
import { defaultHorizonDays } from '../../churn/labels.js';
import { latestModel } from '../../recommend/serving/model-store.js';
import { defaultProjectId } from '../../store/projects.store.js';
import { openStore } from '../../store/store.js';
import { CliError, numberFlag, parseFlags, UsageError, type CliCommand } from '../command.js';
import { dbLocation } from '../workspace.js';

const actions = ['train', 'score', 'report'] as const;

function reportTables(r: ChurnTrainingReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return renderTable({
    title: `Churn model as of ${r.asOf}, horizon ${r.horizonDays} days — validated on ${r.validationAsOf} (${r.validationRows} learners, ${pct(r.validationChurnRate)} churned), trained on ${r.trainingRows} rows`,
    columns: ['scorer', 'ROC-AUC', 'PR-AUC', 'ECE', 'ECE uncalibrated'],
    rows: [
      [`logistic regression${r.chosen === 'logistic' ? ' (chosen)' : ''}`, r.models.logistic.rocAuc, r.models.logistic.prAuc, r.models.logistic.ece, r.models.logistic.eceUncalibrated],
      [`boosted trees${r.chosen === 'gbt' ? ' (chosen)' : ''}`, r.models.gbt.rocAuc, r.models.gbt.prAuc, r.models.gbt.ece, r.models.gbt.eceUncalibrated],
      [`rule: ${r.rule.rule}`, r.rule.rocAuc, r.rule.prAuc, null, null],
    ].map((row) => row.map((v) => (typeof v === 'number' ? v.toFixed(4) : v))),
    notes: [
      `rule flags ${pct(r.rule.flagged)} of learners: precision ${pct(r.rule.precision)}, recall ${pct(r.rule.recall)}`,
      `snapshots: ${r.snapshots.map((s) => `${s.asOf} (${s.learners}, ${s.churned} churned)`).join(', ')}`,
      `model ${r.modelId}: ${r.features} design columns, trained in ${r.seconds} s`,
    ],
  });
}

export const churnCommand: CliCommand = {
  usage: `Usage: learnloop churn train [--as-of YYYY-MM-DD] [--horizon 14] [--db FILE] [--json]
       learnloop churn score [--as-of YYYY-MM-DD] [--horizon 14] [--limit 20] [--lang zh|en] [--db FILE] [--json]
       learnloop churn report [--horizon 14] [--db FILE] [--json]

A learner churns at a date when they were active in the 28 days before it and are not active in
the next --horizon days. --as-of defaults to the day after the latest event. score trains a model
first when none is stored for the horizon. Definitions and measured figures: docs/CHURN.md.`,
  async run(argv) {
    const { values: v, positionals } = parseFlags(argv, {
      db: { type: 'string' }, json: { type: 'boolean' }, 'as-of': { type: 'string' }, horizon: { type: 'string' },
      limit: { type: 'string' }, lang: { type: 'string' },
    });
    const action = positionals[0] as (typeof actions)[number] | undefined;
    if (!action || !actions.includes(action) || positionals.length > 1) throw new UsageError(`say what to do: ${actions.join(', ')}`);
    const horizonDays = numberFlag(v.horizon, 'horizon', defaultHorizonDays);
    const lang = v.lang ?? 'en';
    if (lang !== 'zh' && lang !== 'en') throw new UsageError('--lang must be zh or en');
    const limit = numberFlag(v.limit, 'limit', 20);
    const store = await openStore({ location: dbLocation(v.db) });
    const service = new ChurnService(store.db, defaultProjectId);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    try {
      if (action === 'train') {
        const report = await service.train({ asOf: v['as-of'], horizonDays }, log);
        process.stdout.write(v.json ? JSON.stringify(report) + '\n' : reportTables(report));
        return 0;
      }
      if (action === 'report') {
        const stored = await latestModel(store.db, defaultProjectId, churnModelName(horizonDays));
        if (!stored) throw new CliError(`no churn model for a ${horizonDays}-day horizon is stored yet: run \`learnloop churn train\``);
        const report = { ...stored.metrics, modelId: stored.modelId } as unknown as ChurnTrainingReport;
        process.stdout.write(v.json ? JSON.stringify(report) + '\n' : reportTables(report));
        return 0;
      }
      const scores = await service.scores({ asOf: v['as-of'], horizonDays });
      if (scores.trained) log(`no stored model for a ${horizonDays}-day horizon: trained one as of ${scores.trainedAsOf}`);
      if (v.json) {
        process.stdout.write(JSON.stringify(scores) + '\n');
        return 0;
      }
      process.stdout.write(renderTable({
        title: `Churn risk as of ${scores.asOf} (next ${scores.horizonDays} days), ${scores.learners.length} learners active in the 28 days before; model ${scores.modelId} (${scores.model}, trained as of ${scores.trainedAsOf})`,
        columns: ['#', 'learner', 'probability', 'reasons'],
        rows: scores.learners.slice(0, limit).map((l, i) => [i + 1, l.userId, `${(l.probability * 100).toFixed(1)}%`, l.reasons.map((r) => r.text[lang]).join(lang === 'zh' ? '；' : '; ')]),
      }));
      return 0;
    } catch (err) {
      if (err instanceof ChurnInputError) throw new UsageError(`--${err.field === 'asOf' ? 'as-of' : 'horizon'}: ${err.message}`);
      throw err;
    } finally {
      await store.close();
    }
  },
};
