/**
 * A small hand-made platform for the at-risk and nudge tests, served by the real plugins with a
 * scorer whose answers are fixed (the ranking and the actions are under test, not the model).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { upsertItems } from '../../src/catalog/items.store.js';
import { atRiskRoutes } from '../../src/churn/at-risk.routes.js';
import type { RiskScorer, RiskScores, ScoreOptions } from '../../src/churn/at-risk.js';
import { nudgesRoutes } from '../../src/churn/nudges.routes.js';
import { openWorkspace, type Workspace } from '../../src/cli/workspace.js';
import { RecommendationService } from '../../src/recommend/serving/recommendation-service.js';
import { KeyChecker } from '../../src/server/auth.js';
import { errorHandler, notFoundHandler } from '../../src/server/errors.js';
import { ensureDefaultProject } from '../../src/store/projects.store.js';

export const day = 86_400_000;
export const t0 = Date.parse('2026-03-02T02:00:00Z');
export const asOf = '2026-03-20';

export const catalog = [
  { id: 'c1', type: 'course' as const, title: '理财入门', category: 'finance', price: 99 },
  { id: 'c1-l1', type: 'lesson' as const, title: '认识基金', parentId: 'c1', position: 1 },
  { id: 'c1-l2', type: 'lesson' as const, title: '定投入门', parentId: 'c1', position: 2 },
  { id: 'c1-l3', type: 'lesson' as const, title: '复盘', parentId: 'c1', position: 3 },
  { id: 'c2', type: 'course' as const, title: 'Python for Beginners', category: 'programming', price: 50 },
  { id: 'c2-l1', type: 'lesson' as const, title: 'Lesson 1', parentId: 'c2', position: 1 },
  { id: 'e1', type: 'ebook' as const, title: '基金定投手册', category: 'finance', price: 20 },
  { id: 'e2', type: 'ebook' as const, title: 'Clean Code Notes', category: 'programming', price: 20 },
];

let messageNo = 0;
export const track = (userId: string, t: number, event: string, properties: object = {}) =>
  ({ type: 'track', userId, event, timestamp: new Date(t).toISOString(), properties, messageId: `act-${++messageNo}` });

/** amy is halfway through c1; bob bought an e-book; cat finished c2 and opens pushes; dan and eve only looked around. */
export function history(): object[] {
  return [
    track('amy', t0, 'Order Completed', { revenue: 99, products: [{ product_id: 'c1', price: 99 }] }),
    track('amy', t0 + 60_000, 'Lesson Completed', { lesson_id: 'c1-l1', course_id: 'c1' }),
    track('amy', t0 + 2 * day, 'Lesson Started', { lesson_id: 'c1-l2', course_id: 'c1' }),
    track('bob', t0 + day, 'Order Completed', { revenue: 20, products: [{ product_id: 'e1', price: 20 }] }),
    track('bob', t0 + day + 60_000, 'Item Viewed', { item_id: 'e1' }),
    track('cat', t0 + 3 * day, 'Item Viewed', { item_id: 'c2' }),
    track('cat', t0 + 3 * day + 60_000, 'Order Completed', { revenue: 50, products: [{ product_id: 'c2', price: 50 }] }),
    track('cat', t0 + 3 * day + 90_000, 'Lesson Completed', { lesson_id: 'c2-l1', course_id: 'c2' }),
    track('cat', t0 + 3 * day + 95_000, 'Notification Opened', { notification_id: 'push-1', campaign: 'weekly-digest' }),
    track('dan', t0 + 4 * day, 'Item Viewed', { item_id: 'e2' }),
    track('eve', t0 + 4 * day, 'Item Viewed', { item_id: 'e2' }),
  ];
}

const reason = (feature: string, en: string, zh: string) => ({ feature, value: 1, contribution: 0.5, text: { zh, en } });

/** Fixed risk: dan > amy > bob > cat > eve. Records what it was asked. */
export class FixedScorer implements RiskScorer {
  readonly calls: ScoreOptions[] = [];
  probabilities: Record<string, number> = { dan: 0.9, amy: 0.8, bob: 0.6, cat: 0.3, eve: 0.1 };

  async scores(options: ScoreOptions = {}): Promise<RiskScores> {
    this.calls.push(options);
    const learners = Object.entries(this.probabilities)
      .filter(([u]) => !options.userIds || options.userIds.includes(u))
      .map(([userId, probability]) => ({ userId, probability, reasons: [reason('recencyDays', 'no visit for 9 days', '已 9 天未访问')] }))
      .sort((a, b) => b.probability - a.probability);
    return { asOf: options.asOf ?? asOf, horizonDays: options.horizonDays ?? 14, model: 'fixed', learners };
  }
}

export interface ActApp {
  ws: Workspace;
  url: string;
  scorer: FixedScorer;
  recommendations: RecommendationService;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export const secretKey = 'sk_act_test';

/** The at-risk and nudge plugins on a real server, over an in-memory store with the platform above. */
export async function startActApp(o: { trainRecommender?: boolean } = {}): Promise<ActApp> {
  const ws = await openWorkspace(':memory:');
  await ensureDefaultProject(ws.store.db, { secretKey });
  await upsertItems(ws.store.db, ws.keys.projectId, catalog);
  await ws.ingest.ingest(ws.keys.projectId, history(), { receivedAt: t0 + 5 * day });
  const recommendations = new RecommendationService(ws.store.db, ws.keys.projectId, { model: 'popularity' });
  if (o.trainRecommender) await recommendations.train();
  const scorer = new FixedScorer();
  const app = Fastify({ logger: false, ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true } } })
    .withTypeProvider<TypeBoxTypeProvider>();
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  const keys = new KeyChecker(ws.store.db);
  await app.register(atRiskRoutes, { store: ws.store, keys, scorer, actions: recommendations });
  await app.register(nudgesRoutes, { store: ws.store, keys, scorer, actions: recommendations });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    ws, url, scorer, recommendations,
    async api(path, init = {}) {
      const r = await fetch(url + path, {
        method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.stringify(init.body),
        headers: { authorization: `Bearer ${secretKey}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      });
      return { status: r.status, body: await r.json() };
    },
    async close() {
      await app.close();
      await ws.close();
    },
  };
}
