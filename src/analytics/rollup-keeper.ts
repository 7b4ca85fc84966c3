/**
 * Keeps a process's view of the rollups current. `fresh(project)` resolves once every event
 * committed before the call is folded — metrics call it before reading, so an acknowledged event
 * is never missing from an answer. A timer folds new events every `intervalMs` in the background,
 * so that `fresh` usually finds little or nothing left to do.
 *
 * @example
 *   const keeper = new RollupKeeper(store.db, { intervalMs: 2000 });
 *   keeper.start();
 *   await keeper.fresh('default');   // then query the rollups
 *   await keeper.stop();
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { InsertEach } from '../store/dialect.js';
import { catchUpRollups } from './rollups.store.js';

export interface RollupKeeperOptions {
  /** Background folding period; 0 = none (the CLI). */
  intervalMs?: number;
  /** The store's per-row statement runner, where it has one (`Store.insertEach`): a cheaper fold. */
  insertEach?: InsertEach;
  onError?: (err: unknown) => void;
  onFolded?: (projectId: string, folded: number) => void;
}

export class RollupKeeper {
  readonly #db: Kysely<Database>;
  readonly #options: RollupKeeperOptions;
  /** Per project: the catch-up running now, and the one queued behind it (shared by every caller). */
  readonly #running = new Map<string, Promise<void>>();
  readonly #queued = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #tick: Promise<void> | null = null;

  constructor(db: Kysely<Database>, options: RollupKeeperOptions = {}) {
    this.#db = db;
    this.#options = options;
  }

  /**
   * Resolves after a catch-up that *started* after this call has finished. A run already in
   * progress may have read the log before our caller's events committed, so callers queue behind
   * it; all callers arriving meanwhile share the one queued run.
   */
  fresh(projectId: string): Promise<void> {
    const queued = this.#queued.get(projectId);
    if (queued) return queued;
    const before = this.#running.get(projectId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(async () => {
      this.#queued.delete(projectId);
      const current = this.#catchUp(projectId);
      this.#running.set(projectId, current);
      try {
        await current;
      } finally {
        if (this.#running.get(projectId) === current) this.#running.delete(projectId);
      }
    });
    this.#queued.set(projectId, run);
    return run;
  }

  async #catchUp(projectId: string): Promise<void> {
    const { folded } = await catchUpRollups(this.#db, projectId, undefined, this.#options.insertEach);
    if (folded > 0) this.#options.onFolded?.(projectId, folded);
  }

  /** Starts background folding for every project. */
  start(): void {
    const every = this.#options.intervalMs ?? 0;
    if (every <= 0 || this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#tick) return;
      this.#tick = this.#foldAll().catch((err) => this.#options.onError?.(err)).finally(() => {
        this.#tick = null;
      });
    }, every);
    this.#timer.unref();
  }

  async #foldAll(): Promise<void> {
    const projects = await this.#db.selectFrom('projects').select('project_id').execute();
    for (const p of projects) await this.fresh(p.project_id);
  }

  /** Stops the timer and waits for any fold in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#tick;
    await Promise.all([...this.#running.values(), ...this.#queued.values()].map((p) => p.catch(() => undefined)));
  }
}
