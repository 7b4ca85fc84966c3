/**
 * Serves quality reports per project. Reading the signals scans the lesson events, so they are
 * kept and reused until the store has moved on (new events, a derive run, a catalog change) and
 * the kept ones are older than `minRebuildMs`; concurrent requests share one rebuild. Expert
 * scores are re-read on every report (a cheap query), so a score entered through the API shows at
 * once. `qualityPrior` is the hook for the recommender.
 *
 * @example
 *   const quality = new QualityService(store.db, { config: qualityConfig() });
 *   const report = await quality.report('default');
 *   const prior = await quality.qualityPrior('default', ['course-1', 'course-2']);  // Float32Array [0.71, 0.5]
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { expertScoresVersion } from './expert-scores.js';
import { qualityConfig, qualityConfigFromEnv, type QualityConfig } from './quality-config.js';
import { readQualitySignals, scoreQuality, withFreshExperts, type QualityReport, type QualitySignals } from './report.js';

export interface QualityServiceOptions {
  config?: QualityConfig;
  /** Signals younger than this are reused even when new events arrived (default 60 s). */
  minRebuildMs?: number;
}

interface Cached {
  storeVersion: string;
  builtAt: number;
  signals: QualitySignals;
  expertVersion: string;
  report: QualityReport;
}

export class QualityService {
  readonly #db: Kysely<Database>;
  readonly config: QualityConfig;
  readonly #minRebuildMs: number;
  readonly #cache = new Map<string, Cached>();
  readonly #building = new Map<string, Promise<Cached>>();

  constructor(db: Kysely<Database>, options: QualityServiceOptions = {}) {
    this.#db = db;
    this.config = options.config ?? qualityConfig();
    this.#minRebuildMs = options.minRebuildMs ?? 60_000;
  }

  /** The project's report, rebuilt when the store moved on (see the module comment). */
  async report(projectId: string): Promise<QualityReport> {
    const [storeVersion, expertVersion] = await Promise.all([this.#storeVersion(projectId), expertScoresVersion(this.#db, projectId)]);
    let cached = this.#cache.get(projectId);
    const stale = !cached || (cached.storeVersion !== storeVersion && Date.now() - cached.builtAt >= this.#minRebuildMs);
    if (stale) cached = await this.#rebuild(projectId, storeVersion);
    if (cached!.expertVersion !== expertVersion) {
      const signals = await withFreshExperts(this.#db, cached!.signals);
      cached = { ...cached!, signals, expertVersion, report: scoreQuality(signals, this.config) };
      this.#cache.set(projectId, cached);
    }
    return cached!.report;
  }

  /**
   * A prior in [0, 1] per item id for ranking (0.5 = no opinion): 0.5 + (score/100 − 0.5) × confidence,
   * so what little is known moves an item little; ids the catalog does not know get 0.5.
   */
  async qualityPrior(projectId: string, itemIds: readonly string[]): Promise<Float32Array> {
    return priorOf(await this.report(projectId), itemIds);
  }

  /** Forgets what was read for a project (after a bulk import, say). */
  invalidate(projectId: string): void {
    this.#cache.delete(projectId);
  }

  #rebuild(projectId: string, storeVersion: string): Promise<Cached> {
    let pending = this.#building.get(projectId);
    if (!pending) {
      pending = (async () => {
        const [signals, expertVersion] = await Promise.all([readQualitySignals(this.#db, projectId), expertScoresVersion(this.#db, projectId)]);
        const built: Cached = { storeVersion, builtAt: Date.now(), signals, expertVersion, report: scoreQuality(signals, this.config) };
        this.#cache.set(projectId, built);
        return built;
      })().finally(() => this.#building.delete(projectId));
      this.#building.set(projectId, pending);
    }
    return pending;
  }

  /** What the signals depend on besides expert scores: the event log, the derived tables, the catalog. */
  async #storeVersion(projectId: string): Promise<string> {
    const [events, derived, items] = await Promise.all([
      this.#db.selectFrom('events').select((eb) => eb.fn.max('seq').as('v')).where('project_id', '=', projectId).executeTakeFirst(),
      this.#db.selectFrom('derive_state').select((eb) => eb.fn.max('watermark_seq').as('v')).where('project_id', '=', projectId).executeTakeFirst(),
      this.#db.selectFrom('items').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('v')]).where('project_id', '=', projectId).executeTakeFirst(),
    ]);
    return `${Number(events?.v ?? 0)}:${Number(derived?.v ?? 0)}:${Number(items?.n ?? 0)}:${Number(items?.v ?? 0)}`;
  }
}

const shared = new WeakMap<Kysely<Database>, QualityService>();

/**
 * The one service of a database handle, configured from the environment (LEARNLOOP_QUALITY_*): the
 * quality API and the recommender's prior share it, so the lesson events are scanned once, not
 * once for each.
 */
export function sharedQualityService(db: Kysely<Database>): QualityService {
  let service = shared.get(db);
  if (!service) shared.set(db, (service = new QualityService(db, { config: qualityConfigFromEnv(process.env) })));
  return service;
}

/** The prior for `itemIds` from a report (see `QualityService.qualityPrior`). */
export function priorOf(report: QualityReport, itemIds: readonly string[]): Float32Array {
  const out = new Float32Array(itemIds.length);
  for (let k = 0; k < itemIds.length; k++) {
    const it = report.byId.get(itemIds[k]!);
    out[k] = it ? 0.5 + (it.score / 100 - 0.5) * it.confidence : 0.5;
  }
  return out;
}
