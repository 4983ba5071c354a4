// A real SQLite store in a fresh temporary folder, for tests that need one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { servicesOver } from '../../src/app.ts';
import type { Services } from '../../src/command.ts';
import { configFromEnv } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { Store } from '../../src/store/store.ts';
import { shippedTaxonomy } from './taxonomy.ts';

export interface TestServices extends Services {
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'brief-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Services over a new database file; `env` overrides settings as the environment would. */
export function testServices(env: Record<string, string> = {}, clock: () => Date = () => new Date()): TestServices {
  const dir = tempDir();
  const config = configFromEnv({ DATABASE_PATH: path.join(dir, 'brief.db'), ...env });
  const store = Store.open(config.databasePath);
  return {
    ...servicesOver(store, config, shippedTaxonomy(), silentLogger(), clock),
    dir,
    cleanup() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
