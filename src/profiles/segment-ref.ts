/**
 * A segment named the way the segments API shows it — `<method>:<id>` with the segment's stable id
 * (`kmeans:3`, `rfm:2`) or its key (`rfm:at_risk`, `kmeans:cluster-3`) — resolved to the learners in
 * it, from the latest run of that method.
 *
 * @example
 *   const ref = await resolveSegment(db, 'default', 'rfm:at_risk');  // { method: 'rfm', segmentId: 4, … }
 *   const members = await segmentMembers(db, 'default', ref);          // Set { 'u000042', … }
 */
import type { Kysely } from 'kysely';
import { segmentMethods, type SegmentMethod } from './segment-run.js';
import { latestSegmentRun } from './segments.store.js';
import type { Database } from '../store/schema.js';

/** The reference is malformed (`kind: 'invalid'`) or names no segment of the latest run (`'unknown'`). */
export class SegmentRefError extends Error {
  constructor(readonly kind: 'invalid' | 'unknown', message: string) {
    super(message);
  }
}

export interface SegmentRef {
  method: SegmentMethod;
  segmentId: number;
  key: string;
  name: { zh: string; en: string };
}

export function parseSegmentRef(text: string): { method: SegmentMethod; id: string } {
  const m = /^([a-z]+):(.+)$/.exec(text.trim());
  if (!m || !(segmentMethods as readonly string[]).includes(m[1]!)) {
    throw new SegmentRefError('invalid', `segment must look like <method>:<id> with method ${segmentMethods.join(' or ')} (e.g. kmeans:3, rfm:at_risk); got "${text}"`);
  }
  return { method: m[1] as SegmentMethod, id: m[2]! };
}

export async function resolveSegment(db: Kysely<Database>, projectId: string, text: string): Promise<SegmentRef> {
  const { method, id } = parseSegmentRef(text);
  const run = await latestSegmentRun(db, projectId, method);
  const segment = run?.segments.find((s) => String(s.id) === id || s.key === id);
  if (!run || !segment) {
    const known = run ? run.segments.map((s) => `${method}:${s.id}`).join(', ') : `none (POST /v1/segments/compute first)`;
    throw new SegmentRefError('unknown', `segment "${text}" is not in the latest ${method} run; segments: ${known}`);
  }
  return { method, segmentId: segment.id, key: segment.key, name: segment.name };
}

export async function segmentMembers(db: Kysely<Database>, projectId: string, ref: SegmentRef): Promise<Set<string>> {
  const rows = await db.selectFrom('segment_members').select('user_id')
    .where('project_id', '=', projectId).where('method', '=', ref.method).where('segment_id', '=', ref.segmentId).execute();
  return new Set(rows.map((r) => r.user_id));
}
