/** Hand-made events for the analytics tests: Segment messages with fixed times, sent through the real tracking API. */
import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.js';

let counter = 0;

/** A track call at an exact UTC instant (no sentAt, so the time is stored as given). */
export function track(userId: string, iso: string, event: string, properties: Record<string, unknown> = {}, context: Record<string, unknown> = {}) {
  return { type: 'track', messageId: `m-${++counter}`, userId, event, timestamp: iso, properties, context };
}

export function page(userId: string, iso: string, name: string) {
  return { type: 'page', messageId: `m-${++counter}`, userId, name, timestamp: iso, properties: {} };
}

export async function send(s: TestServer, messages: unknown[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    const res = await s.track('/v1/batch', { batch: messages.slice(i, i + 100) });
    assert.equal(res.status, 200, await res.text());
  }
}

export async function putItems(s: TestServer, items: unknown[]): Promise<void> {
  const res = await s.api('/v1/items', { method: 'POST', body: JSON.stringify({ items }) });
  assert.equal(res.status, 200, await res.text());
}

/** GET a metric; asserts the status and answers the JSON body. */
export async function metric<T = any>(s: TestServer, path: string, status = 200): Promise<T> {
  const res = await s.api(path);
  const body = (await res.json()) as T;
  assert.equal(res.status, status, JSON.stringify(body));
  return body;
}

/** Marks a learner robotic, as the cleaning step does. */
export async function flagRobot(s: TestServer, userId: string): Promise<void> {
  await s.ll.store.db.updateTable('users').set({ is_robot: 1, robot_reason: 'test' }).where('user_id', '=', userId).execute();
}
