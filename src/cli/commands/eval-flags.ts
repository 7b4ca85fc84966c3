/**
 * Flag handling shared by `learnloop split`, `evaluate` and `tune`: protocols, `--param key=value`
 * lists, the value mode and reading rating files, each failing with a UsageError that says what
 * is wrong.
 *
 * @example
 *   const protocol = protocolFlag(values.protocol);
 *   const params = paramFlags(values.param); // { neighbours: '50' }
 */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../command.js';
import { isProtocol, protocolNames, type Protocol } from '../../recommend/evaluate/protocols.js';
import type { ValueMode } from '../../recommend/evaluate/dataset.js';

export function protocolFlag(value: string | undefined, fallback?: Protocol): Protocol {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UsageError(`--protocol is required (${protocolNames.join('|')})`);
  }
  if (!isProtocol(value)) throw new UsageError(`--protocol must be one of ${protocolNames.join(', ')}, got "${value}"`);
  return value;
}

/** `--param key=value` (repeatable) as a key → string map. */
export function paramFlags(list: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects key=value, got "${item}"`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}

/** How ratings become interaction values: binary for top-N protocols, the rating for `ratings`. */
export function valuesFlag(value: string | undefined, protocol: Protocol): ValueMode {
  if (value === undefined) return protocol === 'ratings' ? 'rating' : 'binary';
  if (value !== 'binary' && value !== 'rating') throw new UsageError(`--values must be binary or rating, got "${value}"`);
  return value;
}

export async function readTextFile(path: string | undefined, flag: string): Promise<string> {
  if (path === undefined) throw new UsageError(`--${flag} FILE is required`);
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --${flag} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Progress lines on stderr, so stdout stays clean for `--json`. */
export function stderrLog(message: string): void {
  process.stderr.write(message + '\n');
}
