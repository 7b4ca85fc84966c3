/** `learnloop tune`: random-search a model's hyper-parameters on a validation split carved from train. */
import { writeFile } from 'node:fs/promises';
import { parseFlags, numberFlag, UsageError, type CliCommand } from '../command.js';
import { getRecommender, recommenders } from '../../recommend/registry.js';
import type { RecommenderFactory } from '../../recommend/recommender.js';
import { newIdSpace, parseRatings } from '../../recommend/evaluate/rating-table.js';
import { isRankingProtocol, type Protocol } from '../../recommend/evaluate/protocols.js';
import { formatParams, tune } from '../../recommend/evaluate/tune.js';
import { formatTable } from '../../recommend/evaluate/report.js';
import { protocolFlag, readTextFile, stderrLog, valuesFlag } from './eval-flags.js';

export const tuneCommand: CliCommand = {
  usage: `Usage: learnloop tune --model NAME|auto --train T [--protocol loo] [--trials 20] [--seed 0]
                     [--k 10] [--values binary|rating] [--out best.json] [--json]

Carves a validation split out of T by the same protocol, tries the defaults and then random and
locally perturbed parameter sets within each parameter's documented range, and reports the best
by validation NDCG@K (top-N protocols) or RMSE (ratings). --model auto tries every model that can
run the protocol and tunes the two best. --out writes {"model","params",…} for later use;
evaluate the result with: learnloop evaluate --model M --param key=value … on the real test file.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      model: { type: 'string' },
      train: { type: 'string' },
      protocol: { type: 'string' },
      trials: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      values: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const protocol = protocolFlag(values.protocol, 'loo');
    if (values.model === undefined) throw new UsageError('--model NAME|auto is required');
    const trials = numberFlag(values.trials, 'trials', 20);
    if (!Number.isInteger(trials) || trials < 1) throw new UsageError('--trials must be a positive integer');
    const k = numberFlag(values.k, 'k', 10);
    const candidates = candidateModels(values.model, protocol);
    const ids = newIdSpace();
    const table = parseRatings(await readTextFile(values.train, 'train'), ids);
    const result = await tune(candidates, table, ids, {
      protocol, trials, k, seed: numberFlag(values.seed, 'seed', 0), values: valuesFlag(values.values, protocol), log: stderrLog,
    });
    const best = { model: result.best.model, params: result.best.params, protocol, metric: result.metric, k, validation: result.best.score };
    if (values.out) await writeFile(values.out, JSON.stringify(best, null, 2) + '\n');
    if (values.json) {
      process.stdout.write(JSON.stringify({ ...best, trials: result.trials, split: result.validation }) + '\n');
      return 0;
    }
    const metric = result.metric === 'ndcg' ? `NDCG@${k}` : 'RMSE';
    const rows = [['trial', 'model', `val ${metric}`, 'train s', 'params'],
      ...result.trials.map((t, i) => [String(i + 1), t.model, t.error === undefined ? t.score.toFixed(4) : 'failed', t.train_seconds.toFixed(2), formatParams(t.params)])];
    process.stdout.write(formatTable(rows));
    process.stdout.write(`\nbest: ${best.model} (validation ${metric} ${best.validation.toFixed(4)})\n` +
      `  learnloop evaluate --protocol ${protocol} --model ${best.model} ${Object.entries(best.params).map(([key, v]) => `--param ${key}=${v}`).join(' ')} --train … --test …\n` +
      (values.out ? `written to ${values.out}\n` : ''));
    return 0;
  },
};

/** The named model, or for `auto` every registered model that can run the protocol. */
function candidateModels(name: string, protocol: Protocol): RecommenderFactory[] {
  const canRun = (f: RecommenderFactory) => isRankingProtocol(protocol) || f.create().predict !== undefined;
  if (name === 'auto') {
    const all = [...recommenders.values()].filter(canRun);
    if (all.length === 0) throw new UsageError(`no registered model can run the ${protocol} protocol`);
    return all;
  }
  let factory: RecommenderFactory;
  try {
    factory = getRecommender(name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!canRun(factory)) throw new UsageError(`model "${name}" does not predict ratings, so it cannot be tuned on the ratings protocol`);
  return [factory];
}
