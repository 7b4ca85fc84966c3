/**
 * `learnloop admin reset-password`: sets a dashboard account's password straight in the store
 * (the server may be running on it) and signs the account out everywhere. The way back in when
 * the password printed at first start is lost.
 */
import { AccountInputError, defaultAdminEmail, resetPassword } from '../../accounts/accounts.js';
import { sessionCacheMs } from '../../accounts/session-checker.js';
import { ensureDefaultProject } from '../../store/projects.store.js';
import { openStore } from '../../store/store.js';
import { parseFlags, UsageError, type CliCommand } from '../command.js';
import { dbLocation } from '../workspace.js';

export const adminCommand: CliCommand = {
  usage: `Usage: learnloop admin reset-password [--email EMAIL] [--password NEW] [--db ./data/learnloop.db] [--json]

Sets the password of a dashboard account and signs it out of every browser (a running server
notices within ${sessionCacheMs / 1000} s). Without --email: the account created at first start (${defaultAdminEmail}
unless LEARNLOOP_ADMIN_EMAIL named another); an email without an account gets one. Without
--password: a random readable one. Prints the email and the new password on stdout.`,
  async run(argv) {
    const { values, positionals } = parseFlags(argv, {
      email: { type: 'string' },
      password: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (positionals.length !== 1 || positionals[0] !== 'reset-password') {
      throw new UsageError(positionals.length ? `unknown admin action "${positionals.join(' ')}"` : 'name the action: reset-password');
    }
    const store = await openStore({ location: dbLocation(values.db) });
    try {
      const { projectId } = await ensureDefaultProject(store.db);
      const r = await resetPassword(store.db, projectId, { email: values.email, password: values.password });
      if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`${r.created ? 'Created' : 'Reset'} the dashboard account ${r.email}\n  password: ${r.password}\n`);
      return 0;
    } catch (err) {
      throw err instanceof AccountInputError ? new UsageError(err.message) : err;
    } finally {
      await store.close();
    }
  },
};
