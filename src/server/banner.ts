/** The start-up banner: where everything is and which keys to use, with copy-pasteable examples. */
import type { FirstAccount } from '../accounts/accounts.js';
import type { ProjectKeys } from '../store/projects.store.js';

export interface BannerFacts {
  address: string;
  location: string;
  keys: ProjectKeys;
  /** A sentence about the demo platform, when one was loaded or found. */
  demo: string | null;
  /** The dashboard's first account; a password only when generated at this start. */
  account: FirstAccount;
}

export function printBanner({ address, location, keys, demo, account }: BannerFacts): void {
  const url = address.replace('[::1]', 'localhost');
  const lines = [
    '',
    `  Learnloop is running at ${url}`,
    '',
    `  Dashboard      ${url}/`,
    `  Sign in        ${signInLine(account)}`,
    `  API docs       ${url}/docs`,
    `  Health         ${url}/health   Metrics ${url}/metrics`,
    `  Database       ${location}`,
    '',
    `  Write key      ${keys.writeKey}   (tracking API: HTTP Basic user name)`,
    `  Secret key     ${keys.secretKey}   (every other API: Authorization: Bearer)`,
    ...(demo ? ['', `  Demo platform  ${demo}`] : []),
    '',
    '  Send an event:',
    `    curl -u ${keys.writeKey}: -H 'content-type: application/json' \\`,
    `      -d '{"userId":"u1","event":"Lesson Started","properties":{"lesson_id":"l1"}}' ${url}/v1/track`,
    '  Read it back:',
    `    curl -H 'authorization: Bearer ${keys.secretKey}' '${url}/v1/events?userId=u1'`,
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

function signInLine(account: FirstAccount): string {
  if (account.generatedPassword) return `${account.email}  password ${account.generatedPassword}   (shown this once; change it in the dashboard)`;
  if (account.created) return `${account.email}  with the password of LEARNLOOP_ADMIN_PASSWORD`;
  return `with the account created at first start (${account.email}); reset with \`learnloop admin reset-password\``;
}
