/** `learnloop import` and `learnloop export` as a user runs them: real files, a real child process. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { cliPath } from '../helpers/process.js';

const dir = mkdtempSync(join(tmpdir(), 'learnloop-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'import.db');

function learnloop(...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, LEARNLOOP_LOG_LEVEL: 'warn' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('learnloop import', () => {
  it('imports JSONL events, skips duplicates, writes rejects with line numbers and reasons', () => {
    const file = join(dir, 'events.jsonl');
    const lines = [
      JSON.stringify({ type: 'track', userId: 'u1', event: 'Lesson Started', messageId: 'e1', timestamp: '2026-03-02T08:00:00Z', properties: { lesson_id: 'l1' } }),
      JSON.stringify({ type: 'track', userId: 'u1', event: 'Lesson Started', messageId: 'e1', timestamp: '2026-03-02T08:00:00Z', properties: { lesson_id: 'l1' } }),
      '{not json',
      JSON.stringify({ type: 'track', event: 'Signed In' }),
      JSON.stringify({ type: 'identify', userId: 'u1', traits: { plan: 'annual' } }),
    ];
    writeFileSync(file, lines.join('\n') + '\n');
    const r = learnloop('import', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as { kind: string; read: number; accepted: number; duplicates: number; rejected: number; rejectsFile: string };
    assert.deepEqual({ kind: summary.kind, read: summary.read, accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected },
      { kind: 'events', read: 5, accepted: 3, duplicates: 1, rejected: 2 });
    const rejects = readFileSync(summary.rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; code: string });
    assert.deepEqual(rejects.map((x) => [x.line, x.code]), [[3, 'unreadable'], [4, 'missing_identity']]);
  });

  it('imports CSV events with dotted property columns and quoted fields', () => {
    const file = join(dir, 'events.csv');
    writeFileSync(file, [
      'type,event,userId,timestamp,messageId,properties.lesson_id,properties.watched_s,properties.note',
      'track,Lesson Progress,u2,2026-03-02T09:00:00Z,c1,l1,60,"plain"',
      'track,Lesson Progress,u2,2026-03-02T09:01:00Z,c2,l1,60,"with, comma and ""quotes"""',
    ].join('\n') + '\n');
    const r = learnloop('import', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { accepted: number }).accepted, 2);
  });

  it('imports a catalog CSV and tells it from events by its columns', () => {
    const file = join(dir, 'catalog.csv');
    writeFileSync(file, [
      'id,type,title,parentId,position,category,tags,price,durationS',
      'py-1,course,Python 数据分析入门,,,programming,python|数据分析,199,',
      'py-1-01,lesson,环境搭建,py-1,1,,,,600',
      'bad-1,lesson,没有课程的课时,,,,,,',
    ].join('\n') + '\n');
    const r = learnloop('import', file, '--json');
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as { kind: string; accepted: number; rejected: number };
    assert.deepEqual([s.kind, s.accepted, s.rejected], ['catalog', 2, 1]);
  });

  it('exits non-zero when nothing could be imported', () => {
    const file = join(dir, 'junk.jsonl');
    writeFileSync(file, 'junk\nmore junk\n');
    const r = learnloop('import', file);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing could be imported/);
    assert.equal(learnloop('import', join(dir, 'missing.txt')).code, 1);
  });

  it('rebuilds the event indexes around a big load, keeps them for a small one, and de-duplicates either way', () => {
    const bulkDb = join(dir, 'bulk.db');
    const file = join(dir, 'bulk.jsonl');
    writeFileSync(file, Array.from({ length: 300 }, (_, i) => JSON.stringify({ type: 'track', userId: `u${i % 7}`, event: 'Lesson Progress', messageId: `b${i}`,
      timestamp: new Date(Date.UTC(2026, 2, 2, 8) + i * 60_000).toISOString(), properties: { lesson_id: `l${i % 5}`, watched_s: 60 } })).join('\n') + '\n');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [cliPath, 'import', file, '--json', '--db', bulkDb, ...args], { encoding: 'utf8', env: { ...process.env, LEARNLOOP_LOG_LEVEL: 'warn' } });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { accepted: number; duplicates: number; indexesRebuilt: boolean };
    };
    const first = run();
    assert.deepEqual([first.accepted, first.duplicates, first.indexesRebuilt], [300, 0, true], 'an empty store takes the bulk path');
    const again = run();
    assert.deepEqual([again.accepted, again.duplicates, again.indexesRebuilt], [300, 300, false], 'a file no larger than the store keeps the indexes');
    const forced = run('--indexes', 'rebuild');
    assert.deepEqual([forced.duplicates, forced.indexesRebuilt], [300, true], 'the unique message index stays during a rebuild');
    const sqlite = new SQLite(bulkDb, { readonly: true });
    const indexes = sqlite.prepare("select name from sqlite_master where type = 'index' and tbl_name = 'events' order by name").pluck().all();
    sqlite.close();
    assert.deepEqual(indexes, ['events_event_time', 'events_event_user_time', 'events_item_time', 'events_message', 'events_user_time']);
    const bad = spawnSync(process.execPath, [cliPath, 'import', file, '--db', bulkDb, '--indexes', 'sometimes'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--indexes must be auto, keep or rebuild/);
  });

  it('export writes every stored event as JSONL', () => {
    const out = join(dir, 'out.jsonl');
    const r = learnloop('export', 'events', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out));
    const events = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { messageId: string; seq: number });
    assert.equal(events.length, 4); // 2 of the JSONL file (one was a duplicate) and 2 of the CSV
    assert.deepEqual(events.map((e) => e.seq), [...events.map((e) => e.seq)].sort((a, b) => a - b));
  });
});

describe('learnloop export interactions', () => {
  it('writes the training matrix as a rating file that split and evaluate read', () => {
    const out = join(dir, 'interactions.tsv');
    const orders = join(dir, 'orders.jsonl');
    writeFileSync(orders, ['u1', 'u2', 'u3'].flatMap((u, k) => ['py-1', 'py-2'].slice(0, k + 1).map((item) =>
      JSON.stringify({ type: 'track', userId: u, event: 'Order Completed', timestamp: '2026-03-03T10:00:00Z', properties: { products: [{ product_id: item, price: 10 }] } }))).join('\n') + '\n');
    assert.equal(learnloop('import', orders).code, 0);
    const r = learnloop('export', 'interactions', '--out', out);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'user\titem\trating\ttimestamp');
    const cells = lines.slice(1).map((l) => l.split('\t'));
    assert.ok(cells.some(([u, item]) => u === 'u3' && item === 'py-2'));
    assert.ok(cells.every((c) => c.length === 4 && Number(c[2]) > 0 && Number.isInteger(Number(c[3]))));
  });
});
