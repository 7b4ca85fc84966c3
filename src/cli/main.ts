/** `learnloop <command>`: looks the command up in the list and runs it. */
import { commands } from './commands/index.js';
import { CliError, UsageError } from './command.js';

function printHelp(): void {
  const width = Math.max(...commands.map((c) => c.name.length));
  process.stdout.write('Usage: learnloop <command> [options]\n\nCommands:\n');
  for (const c of commands) process.stdout.write(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
  process.stdout.write('\nRun `learnloop help <command>` for the options of one command.\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const target = commands.find((c) => c.name === rest[0]);
    if (target) process.stdout.write((await target.load()).usage + '\n');
    else printHelp();
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`learnloop: unknown command "${name}". Run \`learnloop help\` for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`learnloop ${name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (err instanceof CliError) {
      process.stderr.write(`learnloop ${name}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`learnloop ${name}: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}
