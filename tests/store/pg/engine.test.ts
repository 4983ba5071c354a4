// What is PostgreSQL's own: DATABASE_URL, the migrations (once, whoever starts first), the engine
// chosen from the configuration, and the test server itself (up on loopback, gone after stop).
import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStoreEngine } from '../../../src/store/open.ts';
import { listPgMigrations, migratePg, openPgPool, pgSchemaVersion } from '../../../src/store/pg/db.ts';
import { DatabaseUrlError, parsePostgresUrl, redactedUrl, storeLocation } from '../../../src/store/pg/url.ts';
import { skipPostgres, startPostgres, type TestPostgres } from '../../support/postgres.ts';
import { tempDir } from '../../support/store.ts';

describe('DATABASE_URL', () => {
  it('selects SQLite when unset or blank, PostgreSQL for postgres:// and postgresql://', () => {
    expect(storeLocation(undefined, 'data/brief.db')).toEqual({ engine: 'sqlite', file: 'data/brief.db' });
    expect(storeLocation('  ', 'data/brief.db')).toEqual({ engine: 'sqlite', file: 'data/brief.db' });
    expect(storeLocation('postgresql://bot:secret@db.internal:5433/brief?sslmode=require', 'x')).toEqual({
      engine: 'postgres', url: 'postgres://bot:secret@db.internal:5433/brief?sslmode=require',
    });
  });

  it('refuses what is not a usable postgres URL, naming the variable and hiding the password', () => {
    expect(() => parsePostgresUrl('mysql://u:p@h/db')).toThrow(/DATABASE_URL must start with postgres:\/\//);
    expect(() => parsePostgresUrl('not a url')).toThrow(DatabaseUrlError);
    expect(() => parsePostgresUrl('postgres://bot:secret@db.internal:5432/')).toThrow(/names no database/);
    expect(() => parsePostgresUrl('postgres://bot:secret@db.internal:5432/')).not.toThrow(/secret/);
    expect(redactedUrl('postgres://bot:secret@h/db')).toBe('postgres://bot:***@h/db');
  });
});

describe.skipIf(skipPostgres())('PostgreSQL engine', () => {
  let server: TestPostgres;

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);

  afterAll(async () => {
    await server.stop();
    // Stopped means stopped: nothing answers on the port and the folder is gone.
    const probe = new pg.Client({ connectionString: server.adminUrl, connectionTimeoutMillis: 2000 });
    await expect(probe.connect()).rejects.toThrow();
    await probe.end().catch(() => undefined);
    expect(existsSync(server.dir)).toBe(false);
  });

  it('runs on 127.0.0.1 in its own temporary folder', async () => {
    expect(new URL(server.adminUrl).hostname).toBe('127.0.0.1');
    expect(existsSync(server.dir)).toBe(true);
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    await client.end();
    expect(rows[0]!.v).toMatch(/^\d+/);
  });

  it('migrates once when four processes start at the same moment, and not again on the next start', async () => {
    const url = await server.createDatabase();
    const pools = await Promise.all([1, 2, 3, 4].map(() => openPgPool(url, { max: 2 })));
    const latest = listPgMigrations().at(-1)!.version;
    try {
      const { rows } = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(listPgMigrations().map((m) => m.version));
      expect(await migratePg(pools[1]!)).toBe(latest);
      expect(await pgSchemaVersion(pools[2]!)).toBe(latest);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('refuses a database migrated by a newer program', async () => {
    const url = await server.createDatabase();
    const pool = await openPgPool(url);
    await pool.query(`INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')`);
    await pool.end();
    await expect(openPgPool(url)).rejects.toThrow(/schema version 999, newer than this program knows/);
  });

  it('is what a postgres DATABASE_URL opens; SQLite stays the default', async () => {
    const url = await server.createDatabase();
    const postgres = await openStoreEngine(storeLocation(url, 'unused.db'));
    const sqlite = await openStoreEngine(storeLocation(undefined, path.join(tempDir(), 'brief.db')));
    try {
      expect(postgres.engine).toBe('postgres');
      expect(sqlite.engine).toBe('sqlite');
      expect(await postgres.articles.count(null)).toBe(0);
    } finally {
      await postgres.close();
      await sqlite.close();
    }
  });
});
