/** `learnloop evaluate`: fit one model on a train file and score it on a test file. */
import { parseFlags, numberFlag, UsageError, type CliCommand } from '../command.js';
import { getRecommender, parseParams, recommenders } from '../../recommend/registry.js';
import { evaluationDataFromText } from '../../recommend/evaluate/dataset.js';
import { evaluateModel } from '../../recommend/evaluate/runner.js';
import { formatEvaluation } from '../../recommend/evaluate/report.js';
import { isRankingProtocol } from '../../recommend/evaluate/protocols.js';
import { paramFlags, protocolFlag, readTextFile, stderrLog, valuesFlag } from './eval-flags.js';

export const evaluateCommand: CliCommand = {
  usage: `Usage: learnloop evaluate --train T --test S --protocol loo|holdout|temporal|ratings --model NAME
                         [--param key=value …] [--k 10] [--values binary|rating] [--json]

Top-N protocols report HR, NDCG, Precision, Recall, MAP and item coverage @K over test users with
training history; users without history are scored separately ("cold", with train popularity).
The ratings protocol reports RMSE and MAE (models that predict ratings only).
--values: interaction value for training (default: binary for top-N, the rating for ratings).
Models: ${[...recommenders.keys()].join(', ')}. An unknown --param name lists the model's parameters.`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      train: { type: 'string' },
      test: { type: 'string' },
      protocol: { type: 'string' },
      model: { type: 'string' },
      param: { type: 'string', multiple: true },
      k: { type: 'string' },
      values: { type: 'string' },
      json: { type: 'boolean' },
    });
    const protocol = protocolFlag(values.protocol);
    if (values.model === undefined) throw new UsageError('--model NAME is required');
    const k = numberFlag(values.k, 'k', 10);
    if (!Number.isInteger(k) || k < 1) throw new UsageError('--k must be a positive integer');
    let factory;
    let params;
    try {
      factory = getRecommender(values.model);
      params = parseParams(factory, paramFlags(values.param));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    // A model that lacks predict() cannot be scored by RMSE: say so before reading any file.
    if (!isRankingProtocol(protocol) && factory.create(params).predict === undefined) {
      const raters = [...recommenders.values()].filter((f) => f.feedback === 'explicit').map((f) => f.name);
      throw new UsageError(`model "${factory.name}" ranks items but does not predict ratings, so it cannot run the ratings protocol; ` +
        `use a rating model (${raters.join(', ') || 'none registered'}) or a top-N protocol (loo, holdout, temporal)`);
    }
    const trainText = await readTextFile(values.train, 'train');
    const testText = await readTextFile(values.test, 'test');
    const data = evaluationDataFromText(trainText, testText, valuesFlag(values.values, protocol));
    if (data.overlapping > 0) stderrLog(`${data.overlapping} test rows repeat a (user, item) of train and were left out`);
    const run = await evaluateModel(factory, params, data, { protocol, k, log: stderrLog });
    process.stdout.write(values.json ? JSON.stringify(run.report) + '\n' : formatEvaluation(run));
    return 0;
  },
};
