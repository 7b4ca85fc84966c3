/** Trained models in the store: saved after training, the latest loaded at start. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { decodeModel, encodeModel } from '../model-codec.js';
import type { SavedModel } from '../recommender.js';

export interface StoredModel {
  modelId: number;
  name: string;
  createdAt: number;
  metrics: Record<string, unknown>;
  saved: SavedModel;
}

export async function saveModel(db: Kysely<Database>, projectId: string, saved: SavedModel, metrics: Record<string, unknown>, now = Date.now()): Promise<number> {
  const row = await db.insertInto('models').values({
    project_id: projectId, name: saved.name, format_version: saved.formatVersion, created_at: now,
    params: JSON.stringify(saved.params), metrics: JSON.stringify(metrics), data: encodeModel(saved),
  }).returning('model_id').executeTakeFirstOrThrow();
  // Keep the three newest of each name: enough to roll back, not a growing pile.
  const old = await db.selectFrom('models').select('model_id').where('project_id', '=', projectId).where('name', '=', saved.name)
    .orderBy('created_at', 'desc').orderBy('model_id', 'desc').offset(3).limit(1000).execute();
  if (old.length) await db.deleteFrom('models').where('model_id', 'in', old.map((r) => r.model_id)).execute();
  return Number(row.model_id);
}

export async function latestModel(db: Kysely<Database>, projectId: string, name: string): Promise<StoredModel | undefined> {
  const row = await db.selectFrom('models').selectAll().where('project_id', '=', projectId).where('name', '=', name)
    .orderBy('created_at', 'desc').orderBy('model_id', 'desc').limit(1).executeTakeFirst();
  if (!row) return undefined;
  return {
    modelId: Number(row.model_id), name: row.name, createdAt: Number(row.created_at),
    metrics: JSON.parse(row.metrics) as Record<string, unknown>, saved: decodeModel(row.data),
  };
}

export interface ModelSummary {
  modelId: number;
  name: string;
  createdAt: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export async function listModels(db: Kysely<Database>, projectId: string): Promise<ModelSummary[]> {
  const rows = await db.selectFrom('models').select(['model_id', 'name', 'created_at', 'params', 'metrics'])
    .where('project_id', '=', projectId).orderBy('created_at', 'desc').limit(100).execute();
  return rows.map((r) => ({
    modelId: Number(r.model_id), name: r.name, createdAt: new Date(Number(r.created_at)).toISOString(),
    params: JSON.parse(r.params) as Record<string, unknown>, metrics: JSON.parse(r.metrics) as Record<string, unknown>,
  }));
}
