/**
 * The in-process scheduler of the embedded mode: runs named jobs every N milliseconds, never two
 * runs of one job at once, and logs failures without stopping. (Cluster mode will put the same jobs
 * on a queue; the jobs themselves do not change.)
 *
 * @example
 *   const s = new Scheduler(log);
 *   s.every('derive', 15_000, () => deriveLearners(db, 'default'));
 *   await s.stop();
 */
export interface JobLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface Job {
  name: string;
  run: () => Promise<unknown>;
  timer: NodeJS.Timeout;
  running: Promise<unknown> | null;
}

export class Scheduler {
  readonly #jobs = new Map<string, Job>();
  #stopped = false;

  constructor(readonly log: JobLog) {}

  every(name: string, intervalMs: number, run: () => Promise<unknown>): void {
    const job: Job = { name, run, running: null, timer: setInterval(() => void this.runNow(name), intervalMs) };
    job.timer.unref();
    this.#jobs.set(name, job);
  }

  /** Runs a job now unless it is already running; resolves when that run ends. */
  async runNow(name: string): Promise<void> {
    const job = this.#jobs.get(name);
    if (!job || this.#stopped) return;
    if (job.running) {
      await job.running;
      return;
    }
    const started = performance.now();
    job.running = job.run()
      .then((result) => this.log.info({ job: name, ms: Math.round(performance.now() - started), result }, 'job done'))
      .catch((err: unknown) => this.log.error({ job: name, err }, 'job failed'))
      .finally(() => { job.running = null; });
    await job.running;
  }

  /** Stops scheduling and waits for running jobs to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const job of this.#jobs.values()) clearInterval(job.timer);
    await Promise.all([...this.#jobs.values()].map((j) => j.running));
  }
}
