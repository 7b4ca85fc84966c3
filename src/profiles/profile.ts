/**
 * One learner's profile as of any instant: every feature with its labels, the segment of each
 * stored segmentation the learner falls in at that instant, top interests (categories and tags by
 * interest strength) and the recent timeline.
 *
 * @example
 *   const p = await learnerProfile(db, 'default', 'u000042', { asOf: Date.now() });
 *   p?.features.find((f) => f.name === 'recencyDays')?.value; // 1.4
 *   p?.segments[0]?.name.en;                                 // 'Weekend bingers'
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { codedEvents, EventCode } from './event-codes.js';
import type { FeatureSpec } from './feature-catalogue.js';
import { interestWeight, interestWeights } from './interest-strength.js';
import { featureRow, learnerFeatures, projectTimezone, type FeatureTable } from './learner-features.js';
import { dayMs } from './local-days.js';
import { segmentMethods, type SegmentMethod } from './segment-run.js';
import { placeLearner } from './segments.js';
import { latestSegmentRun } from './segments.store.js';
import { recentTimeline, type TimelineEntry } from './timeline.js';

export interface ProfileFeature extends Pick<FeatureSpec, 'name' | 'label' | 'unit'> {
  value: number | string | null;
}

export interface ProfileSegment {
  method: SegmentMethod;
  id: number;
  key: string;
  name: { zh: string; en: string };
  description: { zh: string; en: string };
  runId: number;
  computedAt: string;
}

export interface Interest {
  name: string;
  strength: number;
  /** strength ÷ the learner's total. */
  share: number;
}

export interface LearnerProfile {
  userId: string;
  asOf: string;
  timezone: string;
  firstSeen: string;
  /** Robots get no features and no segments. */
  robot: boolean;
  traits: Record<string, unknown>;
  features: ProfileFeature[];
  segments: ProfileSegment[];
  interests: { categories: Interest[]; tags: Interest[] };
  timeline: TimelineEntry[];
}

export interface ProfileOptions {
  asOf: number;
  windowDays?: number;
  timelineLength?: number;
  topInterests?: number;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** `undefined` when the learner is unknown, or first seen at or after `asOf`. */
export async function learnerProfile(db: Kysely<Database>, projectId: string, userId: string, o: ProfileOptions): Promise<LearnerProfile | undefined> {
  const user = await db.selectFrom('users').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  if (!user || Number(user.first_seen) >= o.asOf) return undefined;
  const timezone = await projectTimezone(db, projectId);
  const robot = user.is_robot === 1;
  const table = await learnerFeatures(db, projectId, { asOf: o.asOf, windowDays: o.windowDays, userIds: [userId], timezone });
  const found = table.userIds.length === 1;
  const row = found ? featureRow(table, 0) : undefined;
  const top = o.topInterests ?? 5;
  return {
    userId, asOf: new Date(o.asOf).toISOString(), timezone, firstSeen: new Date(Number(user.first_seen)).toISOString(), robot,
    traits: JSON.parse(user.traits) as Record<string, unknown>,
    features: row ? table.catalogue.map((s) => ({
      name: s.name, label: s.label, unit: s.unit, value: typeof row[s.name] === 'number' ? round(row[s.name] as number) : row[s.name]!,
    })) : [],
    segments: found ? await segmentsOf(db, projectId, table) : [],
    interests: {
      categories: found ? categoryInterests(table, top) : [],
      tags: await tagInterests(db, projectId, userId, o.asOf, o.asOf - table.windowDays * dayMs, top),
    },
    timeline: await recentTimeline(db, projectId, userId, { asOf: o.asOf, timezone, limit: o.timelineLength ?? 20 }),
  };
}

async function segmentsOf(db: Kysely<Database>, projectId: string, table: FeatureTable): Promise<ProfileSegment[]> {
  const out: ProfileSegment[] = [];
  for (const method of segmentMethods) {
    const run = await latestSegmentRun(db, projectId, method);
    if (!run) continue;
    const id = placeLearner(run, table, 0);
    const s = run.segments.find((x) => x.id === id);
    if (!s) continue;
    out.push({ method, id, key: s.key, name: s.name, description: s.description, runId: run.runId, computedAt: new Date(run.computedAt).toISOString() });
  }
  return out;
}

function ranked(strengths: Map<string, number>, top: number): Interest[] {
  let total = 0;
  for (const v of strengths.values()) total += v;
  return [...strengths].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, top)
    .map(([name, v]) => ({ name, strength: round(v), share: round(v / total) }));
}

function categoryInterests(table: FeatureTable, top: number): Interest[] {
  const { categories, strength } = table.interests;
  return ranked(new Map(categories.map((c, i) => [c, strength[i]!])), top);
}

/** Tags of the items the learner engaged with, weighed as interest strength (a lesson speaks for its course). */
async function tagInterests(db: Kysely<Database>, projectId: string, userId: string, asOf: number, start: number, top: number): Promise<Interest[]> {
  const perItem = new Map<string, number>();
  const add = (item: string | null, w: number) => { if (item !== null && w !== 0) perItem.set(item, (perItem.get(item) ?? 0) + w); };
  const events = await db.selectFrom('events').select(['event', 'item_id', 'course_id', 'value'])
    .where('project_id', '=', projectId).where('user_id', '=', userId).where('timestamp', '>=', start).where('timestamp', '<', asOf)
    .where('event', 'in', Object.keys(codedEvents)).execute();
  for (const e of events) add(e.course_id ?? e.item_id, interestWeight(codedEvents[e.event!] ?? EventCode.Active, e.value));
  const orders = await db.selectFrom('order_items as o').innerJoin('events as e', 'e.seq', 'o.event_seq').select('o.item_id')
    .where('o.project_id', '=', projectId).where('o.user_id', '=', userId).where('e.event', '=', 'Order Completed')
    .where('o.timestamp', '>=', start).where('o.timestamp', '<', asOf).execute();
  for (const o of orders) add(o.item_id, interestWeights.purchase);
  const ids = [...perItem.keys()].slice(0, 1000);
  const tags = new Map<string, number>();
  if (ids.length === 0) return [];
  const items = await db.selectFrom('items').select(['item_id', 'tags']).where('project_id', '=', projectId).where('item_id', 'in', ids).execute();
  for (const it of items) {
    const list = JSON.parse(it.tags) as unknown;
    if (!Array.isArray(list)) continue;
    for (const tag of list) if (typeof tag === 'string') tags.set(tag, (tags.get(tag) ?? 0) + perItem.get(it.item_id)!);
  }
  return ranked(tags, top);
}
