/**
 * Background work on the embedded store runs on the server's own thread (better-sqlite3 is
 * synchronous), so long jobs hand the event loop back between slices to keep requests flowing.
 * An awaited promise is not enough: it resumes before any I/O callback runs.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
