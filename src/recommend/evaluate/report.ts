/**
 * Plain-text rendering of evaluation results for people (the CLI and the bench print these; JSON
 * goes out untouched). Columns are aligned; numbers have four decimals.
 *
 * @example
 *   process.stdout.write(formatEvaluation(run));
 *   process.stdout.write(formatTable([['model', 'NDCG@10'], ['itemknn', '0.0512']]));
 */
import type { ErrorMetrics, RankingMetrics } from './metrics.js';
import type { EvaluationRun } from './runner.js';

/** Left-aligned first column, right-aligned others, two spaces apart. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, c) => { widths[c] = Math.max(widths[c] ?? 0, cell.length); });
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

export function isRanking(m: RankingMetrics | ErrorMetrics): m is RankingMetrics {
  return 'ndcg' in m;
}

/** Header cells and value cells of a metrics object at cut-off k. */
export function metricCells(m: RankingMetrics | ErrorMetrics, k: number): { head: string[]; cells: string[] } {
  if (isRanking(m)) {
    return {
      head: [`HR@${k}`, `NDCG@${k}`, `P@${k}`, `R@${k}`, `MAP@${k}`, `Cov@${k}`],
      cells: [m.hr, m.ndcg, m.precision, m.recall, m.map, m.coverage].map(fixed4),
    };
  }
  return { head: ['RMSE', 'MAE'], cells: [m.rmse, m.mae].map(fixed4) };
}

export function formatEvaluation(run: EvaluationRun): string {
  const { report } = run;
  const warm = metricCells(report.metrics, report.k);
  const cold = metricCells(report.cold.metrics, report.k);
  const ranking = isRanking(report.metrics);
  const rows = [
    ['', 'users', ...warm.head],
    ['with history', String(run.warmUsers), ...warm.cells],
    [ranking ? 'cold (popularity)' : 'cold (item mean)', String(report.cold.users), ...(report.cold.users > 0 ? cold.cells : cold.head.map(() => '-'))],
  ];
  const params = Object.entries(report.params).map(([k, v]) => `${k}=${v}`).join(' ') || '(none)';
  return [
    `model ${report.model} · protocol ${report.protocol}${ranking ? ` · k ${report.k}` : ''}`,
    formatTable(rows).trimEnd(),
    `train ${report.train_seconds.toFixed(3)} s · scoring ${run.scoreSeconds.toFixed(3)} s`,
    `params ${params}`,
  ].join('\n') + '\n';
}

export function fixed4(x: number): string {
  return x.toFixed(4);
}
