/** The catalog API (secret key): upsert, read, list and delete items. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { KeyChecker } from '../server/auth.js';
import { invalid, notFound } from '../server/errors.js';
import type { Store } from '../store/store.js';
import { ItemInputSchema } from './item.js';
import { deleteItems, getItem, listItems, upsertItems } from './items.store.js';
import { itemTypes } from './items.table.js';

export interface ItemsRoutesOptions {
  store: Store;
  keys: KeyChecker;
}

export const maxItemsPerRequest = 1000;

export const itemsRoutes: FastifyPluginAsyncTypebox<ItemsRoutesOptions> = async (app, { store, keys }) => {
  app.addHook('preHandler', keys.requireSecretKey);

  app.post('/v1/items', {
    bodyLimit: 10 * 1024 * 1024,
    schema: {
      tags: ['catalog'], summary: 'Insert or update a batch of items',
      body: Type.Object({ items: Type.Array(ItemInputSchema, { minItems: 1, maxItems: maxItemsPerRequest }) }),
    },
  }, async (request) => {
    const items = request.body.items;
    items.forEach((it, i) => {
      if (it.type === 'lesson' && !it.parentId) throw invalid(`body.items.${i}.parentId`, `items[${i}] is a lesson and needs parentId (its course)`);
      if (it.createdAt && Number.isNaN(Date.parse(it.createdAt))) throw invalid(`body.items.${i}.createdAt`, 'createdAt must be an ISO-8601 date-time');
    });
    const upserted = await upsertItems(store.db, request.projectId, items);
    return { success: true, upserted };
  });

  app.get('/v1/items', {
    schema: {
      tags: ['catalog'], summary: 'List items (ordered by id, paged with `after`)',
      querystring: Type.Object({
        type: Type.Optional(Type.Union(itemTypes.map((t) => Type.Literal(t)))),
        category: Type.Optional(Type.String()),
        parentId: Type.Optional(Type.String()),
        includeHidden: Type.Optional(Type.Boolean()),
        after: Type.Optional(Type.String()),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
      }),
    },
  }, async (request) => {
    const limit = request.query.limit ?? 100;
    const items = await listItems(store.db, request.projectId, { ...request.query, limit });
    return { items, next: items.length === limit ? items[items.length - 1]!.id : null };
  });

  app.get('/v1/items/:id', {
    schema: { tags: ['catalog'], summary: 'One item', params: Type.Object({ id: Type.String() }) },
  }, async (request) => {
    const item = await getItem(store.db, request.projectId, request.params.id);
    if (!item) throw notFound(`item "${request.params.id}"`, 'params.id');
    return item;
  });

  app.delete('/v1/items/:id', {
    schema: { tags: ['catalog'], summary: 'Delete an item (a course with its lessons)', params: Type.Object({ id: Type.String() }) },
  }, async (request) => {
    const deleted = await deleteItems(store.db, request.projectId, [request.params.id]);
    if (deleted === 0) throw notFound(`item "${request.params.id}"`, 'params.id');
    return { success: true, deleted };
  });

  app.post('/v1/items/delete', {
    schema: {
      tags: ['catalog'], summary: 'Delete a batch of items',
      body: Type.Object({ ids: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: maxItemsPerRequest }) }),
    },
  }, async (request) => ({ success: true, deleted: await deleteItems(store.db, request.projectId, request.body.ids) }));
};
