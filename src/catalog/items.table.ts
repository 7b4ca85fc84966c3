/** The catalog: courses, lessons, e-books, audio, columns and live talks. */
import type { Insertable, Selectable } from 'kysely';

export const itemTypes = ['course', 'lesson', 'ebook', 'audio', 'column', 'live'] as const;
export type ItemType = (typeof itemTypes)[number];

export interface ItemsTable {
  project_id: string;
  item_id: string;
  type: ItemType;
  /** For lessons: the course they belong to. */
  parent_id: string | null;
  /** For lessons: order within the course (1-based). */
  position: number | null;
  title: string;
  description: string | null;
  /** JSON array text. */
  tags: string;
  category: string | null;
  author: string | null;
  language: string | null;
  price: number | null;
  duration_s: number | null;
  created_at: number;
  updated_at: number;
  /** 1 = never recommended or listed to learners. */
  hidden: number;
}

export type ItemRow = Selectable<ItemsTable>;
export type NewItem = Insertable<ItemsTable>;
