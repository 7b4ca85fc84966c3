/** Every `learnloop` command, in the order `learnloop help` lists them. */
import type { CliCommand } from '../command.js';
import { adminCommand } from './admin.js';
import { churnCommand } from './churn.js';
import { demoCommand } from './demo.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { reportCommand } from './report.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { splitCommand } from './split.js';
import { evaluateCommand } from './evaluate.js';
import { tuneCommand } from './tune.js';

export const commands: readonly CliCommand[] = [
  serveCommand,
  demoCommand,
  simulateCommand,
  importCommand,
  exportCommand,
  splitCommand,
  evaluateCommand,
  tuneCommand,
  reportCommand,
  churnCommand,
  adminCommand,
];
