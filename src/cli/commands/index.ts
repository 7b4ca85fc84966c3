/** Every `learnloop` command, in the order `learnloop help` lists them. */
import type { CliCommand } from '../command.js';
import { serveCommand } from './serve.js';

export const commands: readonly CliCommand[] = [
  serveCommand,
];
