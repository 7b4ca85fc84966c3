/**
 * The shape every `learnloop <command>` shares. A command parses its own flags with
 * `parseFlags` (node:util parseArgs), writes results to stdout (JSON with `--json`) and
 * progress/logs to stderr, and returns the process exit code.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliCommand {
  /** Usage text shown by `learnloop help <command>` and on a usage error. */
  readonly usage: string;
  run(argv: string[]): Promise<number>;
}

/** A usage error: main prints the message and the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A failure the user can fix (a missing file, a bad format): main prints the message alone, exit code 1. */
export class CliError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with positionals allowed and unknown flags turned into a UsageError. */
export function parseFlags<T extends Options>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Reads a numeric flag, naming the flag when it is not a number. */
export function numberFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got "${value}"`);
  return n;
}
