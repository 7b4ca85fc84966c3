/** `learnloop split`: write train/test files of one evaluation protocol from a TSV or CSV file. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFlags, numberFlag, UsageError, type CliCommand } from '../command.js';
import { formatRatings, newIdSpace, parseRatings } from '../../recommend/evaluate/rating-table.js';
import { splitTable } from '../../recommend/evaluate/protocols.js';
import { protocolFlag, readTextFile, stderrLog } from './eval-flags.js';

export const splitCommand: CliCommand = {
  usage: `Usage: learnloop split --protocol loo|holdout|temporal|ratings [--seed S] [--test-fraction 0.2]
                      [--min-interactions 5] [--json] IN OUTDIR

IN is TSV "user item rating timestamp" (header optional) or CSV such as MovieLens ratings.csv.
Writes OUTDIR/<protocol>_train.tsv and OUTDIR/<protocol>_test.tsv (TSV with a header).
  loo       each user's last interaction by (timestamp, item id) is the test item
  holdout   users with n ≥ 5 interactions put their last ⌈0.2·n⌉ in test
  temporal  one global time cut: the last 20% of rows by time are test
  ratings   a random 80/20 of the rows (seeded by --seed)`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, {
      protocol: { type: 'string' },
      seed: { type: 'string' },
      'test-fraction': { type: 'string' },
      'min-interactions': { type: 'string' },
      json: { type: 'boolean' },
    });
    const [input, outDir] = positionals;
    if (!input || !outDir || positionals.length > 2) throw new UsageError('give the input file and the output directory');
    const protocol = protocolFlag(values.protocol);
    const testFraction = numberFlag(values['test-fraction'], 'test-fraction', 0.2);
    if (!(testFraction > 0 && testFraction < 1)) throw new UsageError('--test-fraction must lie between 0 and 1');
    const ids = newIdSpace();
    const table = parseRatings(await readTextFile(input, 'input'), ids);
    const split = splitTable(table, ids, protocol, {
      seed: numberFlag(values.seed, 'seed', 0),
      testFraction,
      minInteractions: numberFlag(values['min-interactions'], 'min-interactions', 5),
    });
    await mkdir(outDir, { recursive: true });
    const train = join(outDir, `${protocol}_train.tsv`);
    const test = join(outDir, `${protocol}_test.tsv`);
    await writeFile(train, formatRatings(table, ids, split.train));
    await writeFile(test, formatRatings(table, ids, split.test));
    const summary = {
      protocol, train, test, trainRows: split.train.length, testRows: split.test.length,
      users: ids.userIds.length, items: ids.itemIds.length, droppedDuplicates: table.length - split.train.length - split.test.length,
    };
    if (values.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      stderrLog(`read ${table.length} rows: ${summary.users} users, ${summary.items} items`);
      process.stdout.write(`${protocol}: ${summary.trainRows} train rows → ${train}\n${protocol}: ${summary.testRows} test rows → ${test}\n` +
        (summary.droppedDuplicates > 0 ? `${summary.droppedDuplicates} repeated (user, item) rows kept once, at their latest time\n` : ''));
    }
    return 0;
  },
};
