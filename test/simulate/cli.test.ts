import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cliPath } from '../helpers/process.js';
import { truthFromJson } from '../../src/simulate/truth.js';
import { simulateCommand } from '../../src/cli/commands/simulate.js';
import { UsageError } from '../../src/cli/command.js';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'learnloop-simulate-'));
const simulate = (out: string, ...extra: string[]) =>
  exec(process.execPath, [cliPath, 'simulate', '--users', '60', '--days', '5', '--seed', '4', '--courses', '40', '--out', join(dir, out), ...extra]);

test('learnloop simulate writes events, catalog and truth, identical for the same flags', async (t) => {
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const [a, b] = await Promise.all([simulate('a', '--json'), simulate('b')]);
  const summary = JSON.parse(a.stdout);
  assert.equal(summary.users, 60);
  assert.equal(summary.days, 5);
  assert.match(b.stdout, /learners\s+60/);
  assert.match(a.stderr, /simulating 60 learners/);
  for (const file of ['events.jsonl', 'catalog.jsonl', 'truth.json']) {
    assert.equal(readFileSync(join(dir, 'a', file), 'utf8'), readFileSync(join(dir, 'b', file), 'utf8'), `${file} differs between runs`);
  }
  const events = readFileSync(join(dir, 'a', 'events.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(events.length, summary.messages);
  assert.ok(events.every((m) => typeof m.messageId === 'string' && typeof m.userId === 'string'));
  const items = readFileSync(join(dir, 'a', 'catalog.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
  assert.equal(items.length, summary.items);
  assert.equal(items.filter((i) => i.type === 'course').length, 40);
  const truth = truthFromJson(readFileSync(join(dir, 'a', 'truth.json'), 'utf8'));
  assert.equal(truth.learners.length, 60);
  assert.equal(truth.seed, 4);
});

test('learnloop simulate rejects a missing --out and bad numbers as usage errors', async () => {
  await assert.rejects(simulateCommand.run(['--users', '5']), (err) => err instanceof UsageError && /--out DIR is required/.test(err.message));
  await assert.rejects(simulateCommand.run(['--out', dir, '--users', '0']), (err) => err instanceof UsageError && /--users must be a positive integer/.test(err.message));
  await assert.rejects(simulateCommand.run(['--out', dir, '--start', '2026/03/02']), UsageError);
});
