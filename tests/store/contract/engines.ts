// The two engines the contract suite runs against, each opened fresh per test: SQLite on a real file
// in a temporary folder, PostgreSQL on a real server this file's tests start once (tests/support/
// postgres.ts), emptied between tests. `openAnother` opens a second handle on the same data, as a
// second bot process would.
import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { StoreEngine } from '../../../src/store/engine.ts';
import { PgEngine } from '../../../src/store/pg/engine.ts';
import { SqliteEngine } from '../../../src/store/sqlite-engine.ts';
import { skipPostgres, startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { tempDir } from '../../support/store.ts';

export interface EngineUnderTest {
  name: 'sqlite' | 'postgres';
  /** Skipped here, and why (PostgreSQL not installed). */
  skip: boolean;
  /** Starts what the engine needs (once per file). */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A fresh, empty store. */
  open(): Promise<StoreEngine>;
  /** Another handle on the store `open` last returned: another process. */
  openAnother(): Promise<StoreEngine>;
  /** Closes every handle and forgets the data. */
  reset(): Promise<void>;
}

function sqliteEngine(): EngineUnderTest {
  let dir: string | null = null;
  let handles: StoreEngine[] = [];
  const file = (): string => path.join(dir!, 'brief.db');
  return {
    name: 'sqlite',
    skip: false,
    async setUp() {},
    async tearDown() {},
    async open() {
      dir = tempDir('brief-contract-');
      const engine = SqliteEngine.open(file());
      handles.push(engine);
      return engine;
    },
    async openAnother() {
      const engine = SqliteEngine.open(file());
      handles.push(engine);
      return engine;
    },
    async reset() {
      for (const handle of handles) await handle.close();
      handles = [];
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}

function postgresEngine(): EngineUnderTest {
  const skip = skipPostgres();
  let server: TestPostgres | null = null;
  let url: string | null = null;
  let handles: StoreEngine[] = [];
  return {
    name: 'postgres',
    skip,
    async setUp() {
      if (skip) return;
      server = await startPostgres();
      url = await server.createDatabase('brief_contract');
    },
    async tearDown() {
      await server?.stop();
      server = null;
    },
    async open() {
      const engine = await PgEngine.open(url!);
      handles.push(engine);
      return engine;
    },
    async openAnother() {
      const engine = await PgEngine.open(url!);
      handles.push(engine);
      return engine;
    },
    async reset() {
      for (const handle of handles) await handle.close();
      handles = [];
      if (!url) return;
      // Emptying the tables is much quicker than a new database per test; identities restart at 1 as
      // a new SQLite file's rowids do.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
        );
        if (rows.length) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export const ENGINES: EngineUnderTest[] = [sqliteEngine(), postgresEngine()];
