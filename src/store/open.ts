// Opens the store the configuration names: the SQLite file by default, PostgreSQL when DATABASE_URL
// is set (see pg/url.ts). The one place that knows both engines.
import type { StoreEngine } from './engine.ts';
import { PgEngine } from './pg/engine.ts';
import type { StoreLocation } from './pg/url.ts';
import { SqliteEngine } from './sqlite-engine.ts';

export async function openStoreEngine(location: StoreLocation): Promise<StoreEngine> {
  return location.engine === 'postgres' ? PgEngine.open(location.url) : SqliteEngine.open(location.file);
}
