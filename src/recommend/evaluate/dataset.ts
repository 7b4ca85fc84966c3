/**
 * Joins a train table and a test table (parsed with one IdSpace) into what the runner scores:
 * the training `Interactions`, and the test items or ratings of each test user, split into warm
 * users (with training history) and cold ones (without), so cold users are scored separately and
 * never silently dropped.
 *
 * The item space is every item of train ∪ test — test-only items are columns without interactions —
 * so the candidates of a user are all items not in their train, and coverage is measured over the
 * whole catalogue.
 *
 * @example
 *   const ids = newIdSpace();
 *   const data = evaluationData(parseRatings(trainText, ids), parseRatings(testText, ids), ids, 'binary');
 *   data.warm.users.length; // test users with history
 */
import { interactionsFromTriples, type Interactions, type Triple } from '../interactions.js';
import { compareIds, epochMs, newIdSpace, parseRatings, type IdSpace, type RatingTable } from './rating-table.js';

/** How a rating becomes an interaction value: 1 for every rating, or the rating itself. */
export type ValueMode = 'binary' | 'rating';

/** Test rows grouped by user (CSR): user r owns `items[ptr[r] … ptr[r+1])` and their ratings. */
export interface TestGroups {
  /** Warm: user indices of `train`; cold: codes into the IdSpace. */
  users: Int32Array;
  ptr: Int32Array;
  /** Item indices of `train` (every test item has one). */
  items: Int32Array;
  ratings: Float32Array;
}

export interface EvaluationData {
  train: Interactions;
  /** Items in train ∪ test: the denominator of coverage. */
  catalogSize: number;
  warm: TestGroups;
  cold: TestGroups;
  /** Number of test rows dropped because the same (user, item) also occurs in train. */
  overlapping: number;
}

export function evaluationData(train: RatingTable, test: RatingTable, ids: IdSpace, values: ValueMode): EvaluationData {
  const itemUsed = new Uint8Array(ids.itemIds.length);
  const trainUser = new Uint8Array(ids.userIds.length);
  for (let r = 0; r < train.length; r++) { itemUsed[train.item[r]!] = 1; trainUser[train.user[r]!] = 1; }
  for (let r = 0; r < test.length; r++) itemUsed[test.item[r]!] = 1;
  // Ids in natural order (numeric when numeric), so ties between equal scores break by id, as in
  // libraries that index the sorted unique ids.
  const itemIds = ids.itemIds.filter((_, code) => itemUsed[code] === 1).sort(compareIds);
  const userIds = ids.userIds.filter((_, code) => trainUser[code] === 1).sort(compareIds);

  const triples: Triple[] = new Array(train.length);
  for (let r = 0; r < train.length; r++) {
    triples[r] = {
      user: ids.userIds[train.user[r]!]!,
      item: ids.itemIds[train.item[r]!]!,
      value: values === 'binary' ? 1 : train.rating[r]!,
      time: epochMs(train.timestamp[r]!),
    };
  }
  const data = interactionsFromTriples(triples, { userIds, itemIds });
  const itemOf = Int32Array.from(ids.itemIds, (id) => data.itemIndex.get(id) ?? -1);
  const userOf = Int32Array.from(ids.userIds, (id) => data.userIndex.get(id) ?? -1);

  // A test row whose item the user already has in train cannot be found among the candidates; the
  // split functions never produce one, but hand-made files may.
  const warmRows: number[] = [];
  const coldRows: number[] = [];
  let overlapping = 0;
  for (let r = 0; r < test.length; r++) {
    const u = userOf[test.user[r]!]!;
    if (u < 0) coldRows.push(r);
    else if (rowContains(data, u, itemOf[test.item[r]!]!)) overlapping++;
    else warmRows.push(r);
  }
  return {
    train: data,
    catalogSize: data.nItems,
    warm: group(test, warmRows, (code) => userOf[code]!, itemOf),
    cold: group(test, coldRows, (code) => code, itemOf),
    overlapping,
  };
}

/** Binary search of a CSR row (columns are sorted ascending within a row). */
function rowContains(m: Interactions, u: number, item: number): boolean {
  let lo = m.indptr[u]!;
  let hi = m.indptr[u + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = m.indices[mid]!;
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Groups test rows by user key (ascending), keeping each user's rows in file order. */
function group(test: RatingTable, rows: number[], keyOf: (userCode: number) => number, itemOf: Int32Array): TestGroups {
  rows.sort((a, b) => keyOf(test.user[a]!) - keyOf(test.user[b]!) || a - b);
  const users: number[] = [];
  const ptr: number[] = [0];
  const items = new Int32Array(rows.length);
  const ratings = new Float32Array(rows.length);
  rows.forEach((r, p) => {
    const key = keyOf(test.user[r]!);
    if (users.length === 0 || users[users.length - 1] !== key) {
      if (users.length > 0) ptr.push(p);
      users.push(key);
    }
    items[p] = itemOf[test.item[r]!]!;
    ratings[p] = test.rating[r]!;
  });
  if (users.length > 0) ptr.push(rows.length);
  return { users: Int32Array.from(users), ptr: Int32Array.from(ptr), items, ratings };
}

/** `evaluationData` from the text of a train file and a test file (TSV/CSV, see `parseRatings`). */
export function evaluationDataFromText(trainText: string, testText: string, values: ValueMode): EvaluationData {
  const ids = newIdSpace();
  const train = parseRatings(trainText, ids);
  const test = parseRatings(testText, ids);
  return evaluationData(train, test, ids, values);
}
