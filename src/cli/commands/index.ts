/**
 * Every `learnloop` command, in the order `learnloop help` lists them. Each module is imported
 * only when its command runs: loading them all (the server, the recommenders) cost every command
 * about 0.6 s of start-up.
 */
import type { CliCommand } from '../command.js';

export interface CommandEntry {
  readonly name: string;
  /** One line for `learnloop help`. */
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export const commands: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'Run the API and dashboard (loads a demo platform into an empty database)',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'demo',
    summary: 'Load a simulated knowledge platform (catalog, learners, events) into the store',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'simulate',
    summary: 'Generate a simulated knowledge platform (events, catalog, hidden truth) into files',
    load: async () => (await import('./simulate.js')).simulateCommand,
  },
  {
    name: 'import',
    summary: 'Bulk-import events or catalog items from a .jsonl or .csv file',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'export',
    summary: 'Export stored events (JSONL) or the training interactions (TSV)',
    load: async () => (await import('./export.js')).exportCommand,
  },
  {
    name: 'split',
    summary: 'Split a ratings file into train/test by an evaluation protocol',
    load: async () => (await import('./split.js')).splitCommand,
  },
  {
    name: 'evaluate',
    summary: 'Train a recommender on a train file and report its quality on a test file',
    load: async () => (await import('./evaluate.js')).evaluateCommand,
  },
  {
    name: 'tune',
    summary: 'Search hyper-parameters on a validation split carved from train (never the test set)',
    load: async () => (await import('./tune.js')).tuneCommand,
  },
  {
    name: 'report',
    summary: 'Print a metric: activity, stickiness, lifecycle, retention, funnel, paths, dropoff, content quality, segments or rules',
    load: async () => (await import('./report.js')).reportCommand,
  },
  {
    name: 'churn',
    summary: 'Churn risk: train the model, score learners with reasons, print the training report',
    load: async () => (await import('./churn.js')).churnCommand,
  },
  {
    name: 'admin',
    summary: 'Dashboard accounts: reset-password',
    load: async () => (await import('./admin.js')).adminCommand,
  },
];
