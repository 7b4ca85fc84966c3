/** TypeBox schemas of the Gorse-compatible API: Gorse's own field names and shapes (PascalCase). */
import { Type } from '@sinclair/typebox';
import { maxIdLength } from '../../ingest/message.js';

const Id = Type.String({ minLength: 1, maxLength: maxIdLength });
const Strings = Type.Union([Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 }), Type.Null()]);
const Time = Type.String({ description: 'RFC 3339 (or any ISO-8601 time); empty or the Go zero time means now' });

/** Largest batch of one request (feedback, items, users). */
export const maxBatch = 10_000;
/** Bodies of `maxBatch` feedback with comments fit. */
export const batchBodyBytes = 10 * 1024 * 1024;

export const FeedbackSchema = Type.Object({
  FeedbackType: Type.String({ minLength: 1, maxLength: 200 }),
  UserId: Id,
  ItemId: Id,
  Timestamp: Type.Optional(Time),
  Comment: Type.Optional(Type.String({ maxLength: 10_000 })),
});
export const FeedbackList = Type.Array(FeedbackSchema, { maxItems: maxBatch });

export const FeedbackOut = Type.Object({
  FeedbackType: Type.String(), UserId: Type.String(), ItemId: Type.String(), Timestamp: Type.String(), Comment: Type.String(),
});

export const ItemSchema = Type.Object({
  ItemId: Id,
  IsHidden: Type.Optional(Type.Boolean()),
  Categories: Type.Optional(Strings),
  Timestamp: Type.Optional(Time),
  Labels: Type.Optional(Strings),
  Comment: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export const ItemPatchSchema = Type.Omit(ItemSchema, ['ItemId']);

export const ItemOut = Type.Object({
  ItemId: Type.String(), IsHidden: Type.Boolean(), Categories: Type.Array(Type.String()),
  Timestamp: Type.String(), Labels: Type.Array(Type.String()), Comment: Type.String(),
});

export const UserSchema = Type.Object({
  UserId: Id,
  Labels: Type.Optional(Strings),
  Subscribe: Type.Optional(Strings),
  Comment: Type.Optional(Type.String({ maxLength: 20_000 })),
});
export const UserPatchSchema = Type.Omit(UserSchema, ['UserId']);

export const UserOut = Type.Object({
  UserId: Type.String(), Labels: Type.Array(Type.String()), Subscribe: Type.Union([Type.Array(Type.String()), Type.Null()]), Comment: Type.String(),
});

export const Success = Type.Object({ RowAffected: Type.Integer() });
export const ScoredList = Type.Array(Type.Object({ Id: Type.String(), Score: Type.Number() }));

/** `n` and `offset` of Gorse's ranked lists. */
export const Page = {
  n: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 10 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
};
/** Gorse reads `cursor`; gorsejs sends `Cursor`. Both are accepted. */
export const CursorPage = Type.Object({
  n: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 10 })),
  cursor: Type.Optional(Type.String()),
  Cursor: Type.Optional(Type.String()),
});
