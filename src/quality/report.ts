/**
 * The quality report: every catalog item with its 0–100 score, confidence, components and findings,
 * computed from what arrived through the public APIs (events, catalog, expert scores) — any
 * platform's data. `readQualitySignals` does the reading (the slow part: one scan of the lesson
 * events); `scoreQuality` turns signals into the report in milliseconds, so expert scores and
 * weights can change without reading the events again.
 *
 * @example
 *   const signals = await readQualitySignals(db, 'default');
 *   const report = scoreQuality(signals, qualityConfig());
 *   report.byId.get('course-7');   // { itemId, score: 71.3, confidence: 0.64, components: {…}, findings: […] }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { loadCatalogIndex, type CatalogIndex } from './catalog-index.js';
import { computeComponents, type ComponentTable } from './components.js';
import { readExpertSignals, readFeedbackSignals, type ExpertSignals, type FeedbackSignals } from './feedback-signals.js';
import { byStrength, type Finding } from './findings.js';
import { diagnoseItems } from './item-diagnosis.js';
import { diagnoseLessons } from './lesson-diagnosis.js';
import { componentNames, type ComponentName, type QualityConfig } from './quality-config.js';
import { combineComponents } from './score.js';
import { normalCdf } from './statistics.js';
import { readViewingSignals, type ViewingSignals } from './viewing-signals.js';

export interface QualitySignals {
  projectId: string;
  catalog: CatalogIndex;
  viewing: ViewingSignals;
  feedback: FeedbackSignals;
}

/** One component of one item's score, as the API shows it. */
export interface ComponentView {
  /** The item's own value (average stars, finish rate, drops per hour …); null without evidence. */
  observed: number | null;
  /** The Bayesian estimate: the own value pulled toward the platform by the prior. */
  adjusted: number | null;
  /** How much evidence: ratings, reviews, learners, watched hours, orders, questions, experts, answers. */
  evidence: number;
  /** This component alone on 0–100 (50 = the platform's typical item of this type). */
  score: number;
  /** Its share of the item's score. */
  weight: number;
  /** evidence / (evidence + prior strength). */
  confidence: number;
}

export interface ItemQuality {
  itemId: string;
  score: number;
  confidence: number;
  components: Partial<Record<ComponentName, ComponentView>>;
  findings: Finding[];
}

export interface ItemQualityDetail extends ItemQuality {
  type: string;
  title: string;
  category: string | null;
  parentId: string | null;
  position: number | null;
  /** A course's lessons, in order. */
  lessons?: ItemQuality[];
}

export interface QualityReport {
  /** The latest event time the report saw (ISO-8601). */
  asOf: string;
  generatedAt: string;
  weights: Record<ComponentName, number>;
  /** Every catalog item, in catalog id order. */
  items: ItemQualityDetail[];
  byId: Map<string, ItemQualityDetail>;
  /** Per item type and component: the platform mean, true spread and prior strength used. */
  priors: Record<string, Partial<Record<ComponentName, { mean: number; spread: number; strength: number; estimated: boolean }>>>;
}

export async function readQualitySignals(db: Kysely<Database>, projectId: string): Promise<QualitySignals> {
  const catalog = await loadCatalogIndex(db, projectId);
  const viewing = await readViewingSignals(db, projectId, catalog);
  const feedback = await readFeedbackSignals(db, projectId, catalog);
  return { projectId, catalog, viewing, feedback };
}

/** Signals with the expert scores re-read (they change by API call, the rest by the event stream). */
export async function withFreshExperts(db: Kysely<Database>, s: QualitySignals): Promise<QualitySignals> {
  const experts: ExpertSignals = await readExpertSignals(db, s.projectId, s.catalog);
  return { ...s, feedback: { ...s.feedback, ...experts } };
}

const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const orNull = (x: number, d: number) => (Number.isFinite(x) ? r(x, d) : null);

export function scoreQuality(s: QualitySignals, config: QualityConfig, now = Date.now()): QualityReport {
  const { catalog } = s;
  const table = computeComponents(catalog, s.viewing, s.feedback, config);
  const combined = combineComponents(catalog.type, table, config.weights);
  const findings = [...diagnoseLessons(catalog, s.viewing, s.feedback, config.diagnosis), ...diagnoseItems(catalog, s.feedback, table, config.diagnosis)];
  const findingsOf = new Map<number, Finding[]>();
  const attach = (i: number, f: Finding) => {
    let list = findingsOf.get(i);
    if (!list) findingsOf.set(i, (list = []));
    list.push(f);
  };
  for (const f of findings) {
    const i = catalog.index.get(f.itemId)!;
    attach(i, f);
    if (catalog.parent[i]! >= 0) attach(catalog.parent[i]!, f);
  }
  const items: ItemQualityDetail[] = catalog.ids.map((id, i) => ({
    itemId: id,
    score: r(combined.score[i]!, 1),
    confidence: r(combined.confidence[i]!, 3),
    components: componentsOf(table, combined.weight, catalog.type[i]!, i),
    findings: (findingsOf.get(i) ?? []).sort(byStrength),
    type: catalog.type[i]!,
    title: catalog.title[i]!,
    category: catalog.category[i]!,
    parentId: catalog.parent[i]! >= 0 ? catalog.ids[catalog.parent[i]!]! : null,
    position: catalog.parent[i]! >= 0 ? catalog.position[i]! : null,
  }));
  for (const [course, lessons] of catalog.lessonsOf) {
    items[course]!.lessons = Array.from(lessons, (l) => summary(items[l]!));
  }
  return {
    asOf: new Date(s.feedback.asOfMs || now).toISOString(),
    generatedAt: new Date(now).toISOString(),
    weights: { ...config.weights },
    items,
    byId: new Map(items.map((it) => [it.itemId, it])),
    priors: priorsOf(table),
  };
}

/** The five fields of the list contract. */
export function summary(it: ItemQuality): ItemQuality {
  return { itemId: it.itemId, score: it.score, confidence: it.confidence, components: it.components, findings: it.findings };
}

function componentsOf(table: ComponentTable, weight: Record<ComponentName, Float64Array>, type: string, i: number): ItemQuality['components'] {
  const out: ItemQuality['components'] = {};
  for (const name of componentNames) {
    const col = table.columns[name];
    if (!col.activeTypes.has(type)) continue;
    out[name] = {
      observed: orNull(col.observed[i]!, 4),
      adjusted: orNull(col.adjusted[i]!, 4),
      evidence: r(col.evidence[i]!, 2),
      score: r(100 * normalCdf(col.z[i]!), 1),
      weight: r(weight[name][i]!, 4),
      confidence: r(col.confidence[i]!, 3),
    };
  }
  return out;
}

function priorsOf(table: ComponentTable): QualityReport['priors'] {
  const out: QualityReport['priors'] = {};
  for (const name of componentNames) {
    for (const [type, p] of table.columns[name].priors) {
      out[type] ??= {};
      out[type][name] = { mean: r(p.mean, 4), spread: r(p.between, 4), strength: r(p.strength, 2), estimated: p.estimated };
    }
  }
  return out;
}
