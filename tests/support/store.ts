// A real SQLite store in a fresh temporary folder, for tests that need one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { servicesOver } from '../../src/app.ts';
import type { Services } from '../../src/command.ts';
import { configFromEnv } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { SqliteEngine } from '../../src/store/sqlite-engine.ts';
import { Store } from '../../src/store/store.ts';
import { shippedTaxonomy } from './taxonomy.ts';

export interface TestServices extends Services {
  dir: string;
  /** The synchronous SQLite store under `store`, for tests that look at rows directly. */
  sqlite: Store;
  cleanup(): void;
}

export function tempDir(prefix = 'brief-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Services over a new database file; `env` overrides settings as the environment would. */
export function testServices(env: Record<string, string> = {}, clock: () => Date = () => new Date()): TestServices {
  const dir = tempDir();
  const config = configFromEnv({ DATABASE_PATH: path.join(dir, 'brief.db'), ...env });
  const sqlite = Store.open(config.databasePath);
  return {
    ...servicesOver(new SqliteEngine(sqlite), config, shippedTaxonomy(), silentLogger(), clock),
    dir,
    sqlite,
    cleanup() {
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
