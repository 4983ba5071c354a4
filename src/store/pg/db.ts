// The PostgreSQL connection pool and its migrations. Migrations are the numbered .sql files in
// ./migrations (append-only, like SQLite's), applied in one transaction under an advisory lock, so
// bot processes starting at the same moment on different machines migrate once: the others wait for
// the lock, then find every version recorded and apply nothing.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Any fixed number: the advisory lock every migrating process takes ("brief" in ASCII). */
const MIGRATION_LOCK = 0x6272696566;

/** Something queries can be sent to: the pool, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export function listPgMigrations(): PgMigration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8') }));
}

// count(*), sum() and bigint columns arrive as int8, which pg hands over as strings by default (it
// cannot know they fit a double). Every int8 this store reads is a count or an id far below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PgOptions {
  /** Connections in the pool (default 10). */
  max?: number;
  /** Stop at this migration version (tests of upgrades); all by default. */
  migrateTo?: number;
}

/** A pool to the server at `url`, with the schema brought up to date. */
export async function openPgPool(url: string, options: PgOptions = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that loses its server (restart, network) emits 'error' on the pool; without a
  // listener that would end the process. The next query gets a fresh connection.
  pool.on('error', () => undefined);
  try {
    await migratePg(pool, options.migrateTo);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Runs `work` in one transaction on one client of the pool: committed if it returns, rolled back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function pgSchemaVersion(db: Queryable): Promise<number> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (exists.rows[0]?.t === null) return 0;
  const { rows } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Applies the migrations above the database's version, up to `target`; returns the version reached. */
export async function migratePg(pool: pg.Pool, target = Infinity): Promise<number> {
  const migrations = listPgMigrations();
  const latest = migrations.at(-1)?.version ?? 0;
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const current = await pgSchemaVersion(client);
    if (current > latest) {
      throw new Error(`the database is at schema version ${current}, newer than this program knows (${latest}); update the bot`);
    }
    for (const migration of migrations) {
      if (migration.version <= current || migration.version > target) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    return pgSchemaVersion(client);
  });
}
