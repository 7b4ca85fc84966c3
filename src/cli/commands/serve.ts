/** `learnloop serve`: the API and dashboard on one port, with a demo platform on first start. */
import { dirname, join } from 'node:path';
import { AccountInputError } from '../../accounts/accounts.js';
import { ChurnService } from '../../churn/churn-service.js';
import { createLearnloop, type Learnloop } from '../../server/app.js';
import { printBanner } from '../../server/banner.js';
import { prepareDashboard } from '../../server/dashboard.js';
import { CliError, numberFlag, parseFlags, type CliCommand } from '../command.js';
import { loadDemoPlatform } from '../demo-platform.js';

export const defaultDbPath = './data/learnloop.db';
/**
 * The serving default: item-KNN answers in ~1–1.5 ms of CPU at 100,000 items and ranks as well as
 * the blend on MovieLens (bench:recs, bench:serving); `hybrid` costs several times more per request.
 */
export const defaultServingModel = 'itemknn';

export const serveCommand: CliCommand = {
  usage: `Usage: learnloop serve [--host 127.0.0.1] [--port 8080] [--db ${defaultDbPath}] [--model itemknn] [--no-demo] [--no-build]

--model names the recommender that serves (LEARNLOOP_MODEL; default ${defaultServingModel}): any of
learnloop's registry, e.g. hybrid (a blend: better on some data, ~5x the CPU per request).

Environment: LEARNLOOP_WRITE_KEY and LEARNLOOP_SECRET_KEY fix the default project's keys
(otherwise they are generated once and printed); LEARNLOOP_HOST, LEARNLOOP_PORT, LEARNLOOP_DB
set the defaults of the flags; LEARNLOOP_LOG_LEVEL (info) sets the log level.

Dashboard: the first start creates the account admin@localhost with a random password printed
once (LEARNLOOP_ADMIN_EMAIL / LEARNLOOP_ADMIN_PASSWORD choose them instead; a lost password is
reset with \`learnloop admin reset-password\`). web/dist is built first when it is missing or older
than web/src (--no-build or LEARNLOOP_DASHBOARD_BUILD=never skip that). LEARNLOOP_TRUST_PROXY=1
trusts X-Forwarded-Proto/-For/-Host from a reverse proxy (Secure cookies behind TLS termination).
LEARNLOOP_NUDGE_WEBHOOK_URL makes the server POST pending nudges there, signed with the secret key
(X-Learnloop-Signature: sha256=HMAC of the body; docs/CHURN.md).`,
  async run(argv) {
    const { values } = parseFlags(argv, {
      host: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      model: { type: 'string' },
      'no-demo': { type: 'boolean' },
      'no-build': { type: 'boolean' },
    });
    const env = process.env;
    const log = (line: string) => process.stderr.write(line + '\n');
    const build = !values['no-build'] && env.LEARNLOOP_DASHBOARD_BUILD !== 'never';
    const dashboard = build ? await prepareDashboard({ log }) : undefined;
    const host = values.host ?? env.LEARNLOOP_HOST ?? '127.0.0.1';
    const port = numberFlag(values.port ?? env.LEARNLOOP_PORT, 'port', 8080);
    const location = values.db ?? env.LEARNLOOP_DB ?? defaultDbPath;
    const ll = await createLearnloop({
      location,
      writeKey: env.LEARNLOOP_WRITE_KEY || undefined,
      secretKey: env.LEARNLOOP_SECRET_KEY || undefined,
      adminEmail: env.LEARNLOOP_ADMIN_EMAIL || undefined,
      adminPassword: env.LEARNLOOP_ADMIN_PASSWORD || undefined,
      trustProxy: ['1', 'true', 'yes'].includes(env.LEARNLOOP_TRUST_PROXY ?? ''),
      nudgeWebhookUrl: env.LEARNLOOP_NUDGE_WEBHOOK_URL || undefined,
      dashboard,
      logger: { level: env.LEARNLOOP_LOG_LEVEL ?? 'info' },
      role: 'all',
      model: values.model ?? env.LEARNLOOP_MODEL ?? defaultServingModel,
    }).catch((err: unknown) => {
      throw err instanceof AccountInputError ? new CliError(`${err.message} (LEARNLOOP_ADMIN_EMAIL / LEARNLOOP_ADMIN_PASSWORD)`) : err;
    });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      ll.app.log.info({ signal }, 'shutting down: finishing requests and committing events');
      await ll.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));

    const address = await ll.app.listen({ host, port });
    const demo = values['no-demo'] ? null : await loadDemoIfEmpty(ll, location);
    printBanner({ address, location, keys: ll.keys, demo, account: ll.dashboardAccount });
    ll.recommendations.start()
      .catch((err: unknown) => ll.app.log.error({ err }, 'the recommender did not start'))
      .then(() => warmUp(ll, demo !== null))
      .catch((err: unknown) => ll.app.log.error({ err }, 'warming up the segments and churn scores failed'));
    await new Promise(() => undefined);
    return 0;
  },
};

/**
 * Runs the hourly and five-minute jobs once at start, so the first dashboard visit finds segments
 * and churn scores ready; a fresh demo also gets its churn model, so every page has data at once.
 */
async function warmUp(ll: Learnloop, freshDemo: boolean): Promise<void> {
  await ll.scheduler.runNow('segments');
  if (freshDemo) {
    const report = await new ChurnService(ll.store.db, ll.keys.projectId).train({}, (msg) => ll.app.log.info(msg));
    ll.app.log.info({ chosen: report.chosen, rocAuc: report.models[report.chosen].rocAuc, seconds: report.seconds }, 'churn model trained');
  }
  await ll.scheduler.runNow('churn-scores');
}

/** The demo platform loaded into an empty database on first start. */
export const firstStartDemo = { users: 1000, days: 90, seed: 1 } as const;

/** Loads the demo platform into an empty store; answers what is there, or null. */
async function loadDemoIfEmpty(ll: Learnloop, location: string): Promise<string | null> {
  const any = await ll.store.db.selectFrom('events').select('seq').limit(1).executeTakeFirst();
  if (any) return null;
  ll.app.log.info(firstStartDemo, 'empty database: loading the demo platform (skip with --no-demo)');
  const truthPath = location === ':memory:' ? undefined : join(dirname(location), 'demo-truth.json');
  const r = await loadDemoPlatform(ll.store, ll.ingest, ll.keys.projectId, { ...firstStartDemo, truthPath });
  return `${r.summary.users.toLocaleString('en-US')} simulated learners, ${r.summary.items} items, ` +
    `${r.accepted.toLocaleString('en-US')} events over ${firstStartDemo.days} days (loaded in ${r.seconds.toFixed(0)} s)`;
}
