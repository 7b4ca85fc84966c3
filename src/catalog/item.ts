/** The catalog item as the API and the rest of the code see it (camelCase), and its row mapping. */
import { Type, type Static } from '@sinclair/typebox';
import { itemTypes, type ItemRow, type ItemType, type NewItem } from './items.table.js';

export interface CatalogItem {
  id: string;
  type: ItemType;
  title: string;
  parentId: string | null;
  position: number | null;
  description: string | null;
  tags: string[];
  category: string | null;
  author: string | null;
  language: string | null;
  price: number | null;
  durationS: number | null;
  hidden: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What a client sends to upsert an item; omitted optional fields are stored as null. */
export const ItemInputSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 256 }),
  type: Type.Union(itemTypes.map((t) => Type.Literal(t))),
  title: Type.String({ minLength: 1, maxLength: 500 }),
  parentId: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()], { description: 'for lessons: the course id' })),
  position: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'for lessons: order in the course' })),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 20000 }), Type.Null()])),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
  category: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  author: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  language: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  price: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  durationS: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.Null()])),
  hidden: Type.Optional(Type.Boolean()),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
}, { additionalProperties: false });

export type ItemInput = Static<typeof ItemInputSchema>;

const clean = (s: string | null | undefined) => (typeof s === 'string' ? s.trim() || null : null);

export function itemToRow(projectId: string, input: ItemInput, now: number): NewItem {
  const created = input.createdAt ? Date.parse(input.createdAt) : NaN;
  return {
    project_id: projectId,
    item_id: input.id.trim(),
    type: input.type,
    parent_id: clean(input.parentId),
    position: input.position ?? null,
    title: input.title.trim(),
    description: clean(input.description),
    tags: JSON.stringify([...new Set((input.tags ?? []).map((t) => t.trim()).filter(Boolean))]),
    category: clean(input.category),
    author: clean(input.author),
    language: clean(input.language),
    price: input.price ?? null,
    duration_s: input.durationS ?? null,
    created_at: Number.isFinite(created) ? created : now,
    updated_at: now,
    hidden: input.hidden ? 1 : 0,
  };
}

export function rowToItem(r: ItemRow): CatalogItem {
  return {
    id: r.item_id,
    type: r.type,
    title: r.title,
    parentId: r.parent_id,
    position: r.position,
    description: r.description,
    tags: JSON.parse(r.tags) as string[],
    category: r.category,
    author: r.author,
    language: r.language,
    price: r.price,
    durationS: r.duration_s,
    hidden: r.hidden === 1,
    createdAt: new Date(Number(r.created_at)).toISOString(),
    updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}
