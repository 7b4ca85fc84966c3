/** What offline commands (import, export, demo) open: the store, the default project and ingest. */
import { EventWriter } from '../ingest/event-writer.js';
import { IngestService } from '../ingest/ingest.js';
import { ensureDefaultProject, type ProjectKeys } from '../store/projects.store.js';
import { openStore, type Store } from '../store/store.js';

export interface Workspace {
  store: Store;
  ingest: IngestService;
  keys: ProjectKeys;
  close(): Promise<void>;
}

export async function openWorkspace(location: string): Promise<Workspace> {
  const store = await openStore({ location });
  const env = process.env;
  const keys = await ensureDefaultProject(store.db, { writeKey: env.LEARNLOOP_WRITE_KEY || undefined, secretKey: env.LEARNLOOP_SECRET_KEY || undefined });
  const writer = new EventWriter(store);
  return {
    store, keys, ingest: new IngestService(writer),
    async close() {
      await writer.close();
      await store.close();
    },
  };
}

/** The database location: --db flag, LEARNLOOP_DB, or the default file. */
export function dbLocation(flag: string | undefined): string {
  return flag ?? process.env.LEARNLOOP_DB ?? './data/learnloop.db';
}
