/**
 * Streams records out of a JSONL or CSV file in constant memory. CSV follows RFC 4180 (quoted
 * fields may hold commas, quotes and newlines); its header names the fields, and dotted names
 * (`properties.lesson_id`) build nested objects. A JSON-looking cell of an object column
 * (`properties`, `context`, `traits`) is parsed.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface FileRecord {
  /** 1-based line number where the record starts. */
  line: number;
  /** Length of the record's text (characters; at most 3 bytes each in UTF-8). */
  chars: number;
  value?: unknown;
  /** Set when the line could not be read as a record. */
  error?: string;
}

export type FileFormat = 'jsonl' | 'csv';

export function formatOf(path: string): FileFormat {
  if (/\.(jsonl|ndjson|json)$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  throw new Error(`cannot tell the format of "${path}": name it .jsonl, .ndjson or .csv`);
}

/** Bytes read so far, for progress. */
export interface ReadPosition {
  bytes: number;
}

export async function* readRecords(path: string, format: FileFormat, position: ReadPosition = { bytes: 0 }): AsyncGenerator<FileRecord> {
  const stream = createReadStream(path);
  stream.on('data', (chunk) => { position.bytes += chunk.length; });
  try {
    yield* format === 'jsonl' ? jsonlRecords(stream) : csvRecords(stream);
  } finally {
    // A reader that stops early (the first record is enough) must not leave the file open.
    stream.destroy();
  }
}

async function* jsonlRecords(input: NodeJS.ReadableStream): AsyncGenerator<FileRecord> {
  let n = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    try {
      yield { line: n, chars: line.length, value: JSON.parse(line) };
    } catch (err) {
      yield { line: n, chars: line.length, error: `line ${n} is not valid JSON: ${(err as Error).message}` };
    }
  }
}

async function* csvRecords(input: NodeJS.ReadableStream): AsyncGenerator<FileRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | null = null;
  let pending = '';
  let startLine = 0;
  let n = 0;
  for await (const line of lines) {
    n++;
    if (pending === '') startLine = n;
    pending = pending === '' ? line : `${pending}\n${line}`;
    if (quoteCount(pending) % 2 === 1) continue; // a quoted field runs on to the next line
    const text = pending;
    const cells = splitCsvLine(text);
    pending = '';
    if (header === null) {
      header = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    if (cells.length !== header.length) {
      yield { line: startLine, chars: text.length, error: `line ${startLine} has ${cells.length} fields, the header has ${header.length}` };
      continue;
    }
    yield { line: startLine, chars: text.length, value: csvRecord(header, cells) };
  }
  if (pending !== '') yield { line: startLine, chars: pending.length, error: `line ${startLine}: a quoted field is never closed` };
}

function quoteCount(s: string): number {
  let c = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 34) c++;
  return c;
}

export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') { cur += '"'; i++; } else quoted = false;
      } else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(cur); cur = ''; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

const objectColumns = new Set(['properties', 'context', 'traits']);

function csvRecord(header: string[], cells: string[]): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const cell = cells[i]!;
    if (cell === '') return;
    if (objectColumns.has(name) && cell.trim().startsWith('{')) {
      try { rec[name] = { ...(rec[name] as object), ...JSON.parse(cell) }; return; } catch { /* keep the text */ }
    }
    const parts = name.split('.');
    let target = rec;
    for (const p of parts.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]!] = cell;
  });
  return rec;
}
