/**
 * Rating files for evaluation: TSV `user item rating timestamp` with or without a header line,
 * and CSV in the MovieLens style (`userId,movieId,rating,timestamp`, header detected). Rows are
 * kept column-wise on typed arrays with interned ids, so a million-row file costs a few typed
 * arrays, not a million objects.
 *
 * Several files parsed with the same `IdSpace` share user and item codes, which is how a train file
 * and its test file are joined.
 *
 * @example
 *   const ids = newIdSpace();
 *   const train = parseRatings(readFileSync('train.tsv', 'utf8'), ids);
 *   const test = parseRatings(readFileSync('test.tsv', 'utf8'), ids);
 *   writeFileSync('out.tsv', formatRatings(train, ids));
 */

/** User and item ids seen so far, shared by the tables parsed with it. */
export interface IdSpace {
  readonly userIds: string[];
  readonly itemIds: string[];
  readonly userIndex: Map<string, number>;
  readonly itemIndex: Map<string, number>;
}

/** Rows of (user, item, rating, timestamp), column-wise; ids are codes into an IdSpace. */
export interface RatingTable {
  readonly length: number;
  readonly user: Int32Array;
  readonly item: Int32Array;
  readonly rating: Float32Array;
  /** As written in the file (seconds or milliseconds); see `epochMs`. */
  readonly timestamp: Float64Array;
}

export function newIdSpace(): IdSpace {
  return { userIds: [], itemIds: [], userIndex: new Map(), itemIndex: new Map() };
}

/** Header names accepted for each column (case-insensitive, `_`/`-` ignored). */
const columnNames: Record<keyof Omit<RatingTable, 'length'>, readonly string[]> = {
  user: ['user', 'userid', 'uid', 'learner', 'learnerid', 'customer', 'customerid'],
  item: ['item', 'itemid', 'iid', 'movie', 'movieid', 'product', 'productid', 'course', 'courseid', 'book', 'bookid', 'isbn'],
  rating: ['rating', 'value', 'score', 'weight', 'stars'],
  timestamp: ['timestamp', 'time', 'ts', 'date', 'datetime', 'createdat'],
};

/**
 * Parses TSV/CSV/whitespace-separated text. Columns are positional (`user item [rating [timestamp]]`)
 * unless the first line is a header, in which case they are found by name. A missing rating is 1,
 * a missing timestamp 0. Timestamps may be numbers or ISO dates (read as epoch milliseconds).
 */
export function parseRatings(text: string, ids: IdSpace = newIdSpace()): RatingTable {
  const lines = text.split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  if (first === lines.length) return emptyTable();
  const sep = separatorOf(lines[first]!);
  let cols = { user: 0, item: 1, rating: 2, timestamp: 3 };
  const head = splitLine(lines[first]!, sep);
  if (isHeader(head)) {
    cols = headerColumns(head);
    first++;
  }
  const user: number[] = [];
  const item: number[] = [];
  const rating: number[] = [];
  const timestamp: number[] = [];
  for (let n = first; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = splitLine(line, sep);
    const u = f[cols.user];
    const i = f[cols.item];
    if (u === undefined || i === undefined || u === '' || i === '') {
      throw new Error(`line ${n + 1}: expected at least a user and an item, got "${line}"`);
    }
    user.push(intern(ids.userIds, ids.userIndex, u));
    item.push(intern(ids.itemIds, ids.itemIndex, i));
    rating.push(numberField(f[cols.rating], 1, n, 'rating'));
    timestamp.push(timeField(f[cols.timestamp], n));
  }
  return {
    length: user.length,
    user: Int32Array.from(user),
    item: Int32Array.from(item),
    rating: Float32Array.from(rating),
    timestamp: Float64Array.from(timestamp),
  };
}

/** The rows at `rows` (all when omitted) as TSV with the header `user item rating timestamp`. */
export function formatRatings(table: RatingTable, ids: IdSpace, rows?: ArrayLike<number>): string {
  const out: string[] = ['user\titem\trating\ttimestamp'];
  const n = rows === undefined ? table.length : rows.length;
  for (let r = 0; r < n; r++) {
    const p = rows === undefined ? r : rows[r]!;
    const v = table.rating[p]!;
    // One decimal for whole ratings ("4.0"), as MovieLens writes them; Float32 noise trimmed otherwise.
    const rating = Number.isInteger(v) ? v.toFixed(1) : String(Number(v.toPrecision(7)));
    out.push(`${ids.userIds[table.user[p]!]}\t${ids.itemIds[table.item[p]!]}\t${rating}\t${table.timestamp[p]}`);
  }
  return out.join('\n') + '\n';
}

/** The rows at the given positions as a new table (same IdSpace). */
export function selectRows(table: RatingTable, rows: ArrayLike<number>): RatingTable {
  const n = rows.length;
  const user = new Int32Array(n);
  const item = new Int32Array(n);
  const rating = new Float32Array(n);
  const timestamp = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const p = rows[r]!;
    user[r] = table.user[p]!;
    item[r] = table.item[p]!;
    rating[r] = table.rating[p]!;
    timestamp[r] = table.timestamp[p]!;
  }
  return { length: n, user, item, rating, timestamp };
}

/**
 * Epoch milliseconds of a file timestamp: values below 1e11 are taken as seconds (1e11 s is the
 * year 5138, 1e11 ms is 1973), so both Unix-seconds files and millisecond event exports work.
 */
export function epochMs(timestamp: number): number {
  return Math.abs(timestamp) < 1e11 ? timestamp * 1000 : timestamp;
}

/**
 * Compares two ids the way people expect: numerically when both are numbers ("9" < "10"),
 * otherwise as strings. Used for the (timestamp, item id) order of the protocols.
 */
export function compareIds(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rank of each id under `compareIds` (rank[code] = position in sorted order). */
export function idRanks(idList: readonly string[]): Int32Array {
  const order = Array.from(idList.keys()).sort((a, b) => compareIds(idList[a]!, idList[b]!));
  const rank = new Int32Array(idList.length);
  order.forEach((code, r) => { rank[code] = r; });
  return rank;
}

function emptyTable(): RatingTable {
  return { length: 0, user: new Int32Array(0), item: new Int32Array(0), rating: new Float32Array(0), timestamp: new Float64Array(0) };
}

function separatorOf(line: string): string | RegExp {
  if (line.includes('\t')) return '\t';
  if (line.includes(',')) return ',';
  if (line.includes('::')) return '::';
  return /\s+/;
}

function splitLine(line: string, sep: string | RegExp): string[] {
  if (sep === ',' && line.includes('"')) return csvFields(line);
  return (typeof sep === 'string' ? line.split(sep) : line.trim().split(sep)).map((f) => f.trim());
}

/** RFC 4180 fields of one CSV line ("" escapes a quote); multi-line fields are not supported. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let c = 0; c < line.length; c++) {
    const ch = line[c]!;
    if (quoted) {
      if (ch === '"' && line[c + 1] === '"') { field += '"'; c++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field.trim()); field = ''; }
    else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

function normalName(field: string): string {
  return field.toLowerCase().replace(/[_\-\s]/g, '');
}

/** A header names a known column, or has a non-numeric rating/timestamp field. */
function isHeader(fields: string[]): boolean {
  const known = Object.values(columnNames).flat();
  if (fields.some((f) => known.includes(normalName(f)))) return true;
  return fields.slice(2, 4).some((f) => f !== '' && !Number.isFinite(Number(f)) && Number.isNaN(Date.parse(f)));
}

function headerColumns(fields: string[]): { user: number; item: number; rating: number; timestamp: number } {
  const names = fields.map(normalName);
  const find = (key: keyof typeof columnNames, fallback: number): number => {
    const at = names.findIndex((n) => columnNames[key].includes(n));
    return at >= 0 ? at : fallback;
  };
  return { user: find('user', 0), item: find('item', 1), rating: find('rating', 2), timestamp: find('timestamp', 3) };
}

function intern(list: string[], index: Map<string, number>, id: string): number {
  let code = index.get(id);
  if (code === undefined) {
    code = list.length;
    list.push(id);
    index.set(id, code);
  }
  return code;
}

function numberField(field: string | undefined, fallback: number, line: number, what: string): number {
  if (field === undefined || field === '') return fallback;
  const v = Number(field);
  if (!Number.isFinite(v)) throw new Error(`line ${line + 1}: ${what} "${field}" is not a number`);
  return v;
}

function timeField(field: string | undefined, line: number): number {
  if (field === undefined || field === '') return 0;
  const v = Number(field);
  if (Number.isFinite(v)) return v;
  const parsed = Date.parse(field);
  if (Number.isNaN(parsed)) throw new Error(`line ${line + 1}: timestamp "${field}" is neither a number nor a date`);
  return parsed;
}
