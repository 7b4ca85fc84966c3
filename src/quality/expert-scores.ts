/**
 * Expert scores: what reviewers the platform trusts say about an item, entered through
 * `POST /v1/items/:id/expert-scores`. A score is 0–100 (default) or 1–5 stars with `scale: 5`;
 * both are kept as sent and as 0–100 (`(s − 1) × 25` for stars). An expert who scores the same
 * item and dimension again replaces their earlier score, so the latest judgement counts.
 *
 * @example
 *   const problem = checkExpertScores(body.scores);      // { field: 'body.scores.0.score', message } | null
 *   await saveExpertScores(db, 'default', 'course-7', body.scores);
 *   await listExpertScores(db, 'default', 'course-7');   // [{ expert: 'li', dimension: 'overall', score100: 80, … }]
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ExpertScoreRow } from './expert-scores.table.js';

/** What an expert can judge; `overall` when the input names no dimension. */
export const expertDimensions = [
  'overall', 'accuracy', 'clarity', 'depth', 'structure', 'practicality', 'examples', 'pacing', 'production', 'currency',
] as const;
export type ExpertDimension = (typeof expertDimensions)[number];

export const expertScales = [100, 5] as const;

export const ExpertScoreInputSchema = Type.Object({
  expert: Type.String({ minLength: 1, maxLength: 200, description: 'the expert id or name' }),
  score: Type.Number({ description: '0–100, or 1–5 with scale 5' }),
  scale: Type.Optional(Type.Union(expertScales.map((s) => Type.Literal(s)), { description: '100 (default) or 5', default: 100 })),
  dimension: Type.Optional(Type.Union(expertDimensions.map((d) => Type.Literal(d)), { description: 'what was judged; default overall' })),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
}, { additionalProperties: false });

export type ExpertScoreInput = Static<typeof ExpertScoreInputSchema>;

export interface ExpertScore {
  itemId: string;
  expert: string;
  dimension: string;
  score: number;
  scale: number;
  /** The score on 0–100. */
  score100: number;
  comment: string | null;
  updatedAt: string;
}

/** A 1–5 star score on 0–100: 1 → 0, 3 → 50, 5 → 100. */
export function toScore100(score: number, scale: number): number {
  return scale === 5 ? (score - 1) * 25 : score;
}

/**
 * The first problem the schema cannot express (the score's range depends on its scale; an expert
 * name of blanks), or null. The field is named as the API reports it: `body.scores.<i>.<name>`.
 */
export function checkExpertScores(scores: readonly ExpertScoreInput[]): { field: string; message: string } | null {
  const seen = new Set<string>();
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    const scale = s.scale ?? 100;
    const [low, high] = scale === 5 ? [1, 5] : [0, 100];
    if (!Number.isFinite(s.score) || s.score < low || s.score > high) {
      return { field: `body.scores.${i}.score`, message: `scores[${i}].score must be between ${low} and ${high} on scale ${scale} (got ${s.score})` };
    }
    if (s.expert.trim() === '') return { field: `body.scores.${i}.expert`, message: `scores[${i}].expert must not be blank` };
    const key = `${s.expert.trim()}\u0000${s.dimension ?? 'overall'}`;
    if (seen.has(key)) {
      return { field: `body.scores.${i}.dimension`, message: `scores[${i}] repeats expert "${s.expert.trim()}" on dimension ${s.dimension ?? 'overall'}` };
    }
    seen.add(key);
  }
  return null;
}

/** Inserts or replaces the scores of one item (checked with `checkExpertScores` first); returns them as stored. */
export async function saveExpertScores(
  db: Kysely<Database>, projectId: string, itemId: string, scores: readonly ExpertScoreInput[], now = Date.now(),
): Promise<ExpertScore[]> {
  const rows = scores.map((s) => {
    const scale = s.scale ?? 100;
    return {
      project_id: projectId, item_id: itemId, expert: s.expert.trim(), dimension: s.dimension ?? 'overall',
      score: s.score, scale, score_100: toScore100(s.score, scale), comment: s.comment?.trim() || null,
      created_at: now, updated_at: now,
    };
  });
  await db.insertInto('expert_scores').values(rows)
    .onConflict((oc) => oc.columns(['project_id', 'item_id', 'expert', 'dimension']).doUpdateSet((eb) => ({
      score: eb.ref('excluded.score'),
      scale: eb.ref('excluded.scale'),
      score_100: eb.ref('excluded.score_100'),
      comment: eb.ref('excluded.comment'),
      updated_at: eb.ref('excluded.updated_at'),
    })))
    .execute();
  return rows.map((r) => rowToExpertScore(r));
}

/** The scores of one item, or of every item when `itemId` is omitted. */
export async function listExpertScores(db: Kysely<Database>, projectId: string, itemId?: string): Promise<ExpertScore[]> {
  let q = db.selectFrom('expert_scores').selectAll().where('project_id', '=', projectId);
  if (itemId !== undefined) q = q.where('item_id', '=', itemId);
  const rows = await q.orderBy('item_id').orderBy('expert').orderBy('dimension').execute();
  return rows.map(rowToExpertScore);
}

/** Changes whenever a score is added or replaced: part of the quality report's cache key. */
export async function expertScoresVersion(db: Kysely<Database>, projectId: string): Promise<string> {
  const r = await db.selectFrom('expert_scores')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
    .where('project_id', '=', projectId).executeTakeFirst();
  return `${Number(r?.n ?? 0)}:${Number(r?.latest ?? 0)}`;
}

function rowToExpertScore(r: ExpertScoreRow): ExpertScore {
  return {
    itemId: r.item_id, expert: r.expert, dimension: r.dimension, score: r.score, scale: r.scale, score100: r.score_100,
    comment: r.comment, updatedAt: new Date(Number(r.updated_at)).toISOString(),
  };
}
