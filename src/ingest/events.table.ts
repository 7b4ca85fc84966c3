/** The append-only event log and what ingest maintains beside it in the same transaction. */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface EventsTable {
  /** Arrival order: a monotonically increasing sequence number. */
  seq: Generated<number>;
  project_id: string;
  message_id: string;
  /** Segment call type: track, identify, page, screen, alias. */
  type: string;
  /** Track event name, or the page/screen name; null for identify/alias. */
  event: string | null;
  /** The person: userId, or the anonymousId (resolved through aliases) when there is no userId. */
  user_id: string;
  anonymous_id: string | null;
  /** The catalog item the event is about (item_id, lesson_id, course_id or product_id property). */
  item_id: string | null;
  course_id: string | null;
  /** One numeric fact per event kind (docs/EVENTS.md): revenue, watched seconds, rating, score. */
  value: number | null;
  /** Clock-skew-corrected event time, epoch ms. */
  timestamp: number;
  original_timestamp: number | null;
  sent_at: number | null;
  received_at: number;
  /** JSON text. */
  properties: string;
  /** JSON text. */
  context: string;
}

export interface OrderItemsTable {
  project_id: string;
  event_seq: number;
  user_id: string;
  item_id: string;
  price: number | null;
  timestamp: number;
}

export interface UsersTable {
  project_id: string;
  user_id: string;
  /** JSON text of merged identify traits. */
  traits: string;
  first_seen: number;
  last_seen: number;
  /** 1 when the cleaning step judged the user robotic; models and metrics exclude them. */
  is_robot: number;
  robot_reason: string | null;
}

export interface AliasesTable {
  project_id: string;
  previous_id: string;
  user_id: string;
}

export type EventRow = Selectable<EventsTable>;
export type NewEvent = Insertable<EventsTable>;
export type UserRow = Selectable<UsersTable>;
